// Scholarship review's pure parts: the rubric's rules and the statuses.
#include "sync/hub/review/rubric.h"

#include <gtest/gtest.h>

namespace stem::test {
namespace {

namespace review = hub::review;

TEST(Rubric, AcceptsGoodRubricsAndSaysWhatIsWrongWithBadOnes) {
  Result<std::vector<review::RubricLine>> good = review::ParseRubric(
      R"([{"id": "need", "label": {"en": "Need", "es": "Necesidad"}, "max": 10},
          {"id": "essay_2", "label": {"en": "Essay"}, "max": 1}])");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ((*good)[0].label.at("es"), "Necesidad");
  EXPECT_EQ((*good)[1].max, 1);
  // The JSON it is kept as reads back the same.
  Result<std::vector<review::RubricLine>> again = review::ParseRubric(review::RubricJson(*good));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].id, "need");

  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {"{}", "JSON list"},
      {"[]", "1 to 12 lines"},
      {"not json", "JSON list"},
      {R"([{"label": {"en": "x"}, "max": 3}])", "line 1 has no id"},
      {R"([{"id": "A", "label": {"en": "x"}, "max": 3}])", "a-z, 0-9 and _"},
      {R"([{"id": "a", "label": {"en": "x"}, "max": 3}, {"id": "a", "label": {"en": "y"}, "max": 3}])",
       "used twice"},
      {R"([{"id": "a", "label": {"es": "x"}, "max": 3}])", "no English label"},
      {R"([{"id": "a", "label": {"en": ""}, "max": 3}])", "1 to 200 characters"},
      {R"([{"id": "a", "label": {"en": "x"}, "max": 0}])", "1 to 100"},
      {R"([{"id": "a", "label": {"en": "x"}, "max": 2.5}])", "1 to 100"},
      {R"([{"id": "a", "label": {"en": "x"}}])", "1 to 100"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    Result<std::vector<review::RubricLine>> r = review::ParseRubric(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().reason(), "bad_rubric");
    EXPECT_NE(r.status().ToString().find(c.says), std::string::npos) << r.status().ToString();
  }
  // An unusable stored rubric falls back to the default.
  EXPECT_EQ(review::RubricOrDefault("[]").size(), review::DefaultRubric().size());
  EXPECT_EQ(review::RubricOrDefault("").front().id, "need");
}

TEST(Rubric, Statuses) {
  for (const char* s : {"new", "in_review", "awarded", "waitlisted", "declined"}) {
    EXPECT_TRUE(review::IsStatus(s)) << s;
  }
  for (const char* s : {"", "Awarded", "approved", "new "}) EXPECT_FALSE(review::IsStatus(s)) << s;
}

}  // namespace
}  // namespace stem::test
