// Tests for data/validate: values from outside before they reach the store.
#include "data/validate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/text.h"

namespace stem::validate {
namespace {

using nlohmann::json;

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct ValueCase {
  std::string value;
  bool ok;
};

TEST(LogicValidate, Phone) {
  const std::vector<ValueCase> cases = {
      {"5552014410", true},
      {"(555) 201-4410", true},
      {"555.412.0087", true},
      {"+1 555 201 4410", true},
      {"+52 (55) 1234-5678", true},
      {"1234567", true},                    // 7 digits
      {"123456789012345", true},            // 15 digits
      {"123456", false},                    // 6 digits
      {"1234567890123456", false},          // 16 digits
      {"(((---)))", false},
      {"", false},
      {"+", false},
      {"555-CALL-NOW", false},
      {"555 201 4410 ext 5", false},
      {"555/201/4410", false},
      {"555\n2014410", false},
      {"\xEF\xBC\x95\xEF\xBC\x95\xEF\xBC\x95" "2014410", false},  // full-width digits
      {"555201441O", false},                // letter O
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    Status s = Phone(c.value);
    EXPECT_EQ(c.ok, s.ok()) << s.ToString();
    if (!s.ok()) {
      EXPECT_EQ(Status::Code::kInvalidArgument, s.code());
      EXPECT_EQ("invalid_phone", s.reason());
      EXPECT_EQ(0u, s.detail().rfind("phone: ", 0)) << s.detail();
    }
  }
}

TEST(LogicValidate, Email) {
  const std::string local64(64, 'a');
  // 254 characters exactly: a@ + 248 + .org
  const std::string longest = "a@" + std::string(248, 'b') + ".org";
  ASSERT_EQ(254u, longest.size());
  const std::vector<ValueCase> cases = {
      {"maria.garcia@example.org", true},
      {"a@b.co", true},
      {"first+tag@sub.example.org", true},
      {"o'brien@example.ie", true},
      {"jos\xC3\xA9@example.org", true},
      {local64 + "@example.org", true},
      {longest, true},
      {longest + "x", false},
      {"", false},
      {"plain", false},
      {"@example.org", false},
      {"a@", false},
      {"a@b", false},
      {"a@.org", false},
      {"a@b.", false},
      {"a@@b.org", false},
      {"a@b@c.org", false},
      {"a b@c.org", false},
      {" a@b.org", false},
      {"a@b.org ", false},
      {"a,b@c.org", false},
      {"a;b@c.org", false},
      {"<a@b.org>", false},
      {"a@b.org\n", false},
      {"a\t@b.org", false},
      {std::string("a\0@b.org", 8), false},
      {"a\x7F@b.org", false},
      {"jos\xE9@example.org", false},   // Latin-1, not UTF-8
      {"a@exa\xC3mple.org", false},     // truncated sequence
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    Status s = Email(c.value);
    EXPECT_EQ(c.ok, s.ok()) << s.ToString();
    if (!s.ok()) {
      EXPECT_EQ("invalid_email", s.reason());
      EXPECT_EQ(0u, s.detail().rfind("email: ", 0)) << s.detail();
    }
  }
}

TEST(LogicValidate, BirthDate) {
  const std::string today = "2026-11-22";
  struct Case {
    std::string value;
    const char* problem;  // nullptr when valid
  };
  const std::vector<Case> cases = {
      {"2014-03-12", nullptr},
      {"2026-11-22", nullptr},  // born today
      {"1900-01-01", nullptr},
      {"2016-02-29", nullptr},
      {"2026-11-23", "is in the future"},
      {"2030-01-01", "is in the future"},
      {"2015-02-29", "must be a real date"},
      {"2014-02-30", "must be a real date"},
      {"2014-13-01", "must be a real date"},
      {"12/03/2014", "must be a real date"},
      {"2014-3-12", "must be a real date"},
      {"1899-12-31", "must be a real date"},
      {"", "must be a real date"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    Status s = BirthDate(c.value, today);
    if (c.problem == nullptr) {
      EXPECT_TRUE(s.ok()) << s.ToString();
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ("invalid_birth_date", s.reason());
      EXPECT_EQ(0u, s.detail().rfind(std::string("birth_date: ") + c.problem, 0)) << s.detail();
    }
  }
}

TEST(LogicValidate, ConfirmationCode) {
  const std::vector<ValueCase> cases = {
      {"RG7K2", true},
      {"ABC", true},
      {"RG-7K2", true},
      {"2024-0001", true},
      {std::string(32, 'Z'), true},
      {std::string(33, 'Z'), false},
      {"AB", false},
      {"", false},
      {"rg7k2", false},
      {"RG 7K2", false},
      {"RG_7K2", false},
      {"\xC3\x91" "AB", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    Status s = ConfirmationCode(c.value);
    EXPECT_EQ(c.ok, s.ok()) << s.ToString();
    if (!s.ok()) {
      EXPECT_EQ("invalid_confirmation_code", s.reason());
    }
  }
}

TEST(LogicValidate, Text) {
  struct Case {
    const char* name;
    std::string value;
    size_t max;
    bool required;
    const char* problem;  // nullptr when valid
  };
  const std::string e_acute = "\xC3\xA9";
  const std::vector<Case> cases = {
      {"plain", "Jos\xC3\xA9", 200, true, nullptr},
      {"right to left", "\xD7\xA9\xD7\xA8\xD7\x94", 200, true, nullptr},
      {"empty required", "", 200, true, "is required"},
      {"spaces required", "   ", 200, true, "is required"},
      {"empty optional", "", 200, false, nullptr},
      {"max code points", Repeat(e_acute, 200), 200, true, nullptr},
      {"max plus spaces", "  " + Repeat(e_acute, 200) + "  ", 200, true, nullptr},
      {"one too many", Repeat(e_acute, 201), 200, true, "is longer than 200 characters"},
      {"newline", "a\nb", 200, true, "contains control characters"},
      {"cr", "a\rb", 200, true, "contains control characters"},
      {"tab", "a\tb", 200, true, "contains control characters"},
      {"escape", "a\x1B" "b", 200, true, "contains control characters"},
      {"nul", std::string("a\0b", 3), 200, true, "contains control characters"},
      {"C1 control", "a\xC2\x85" "b", 200, true, "contains control characters"},
      {"latin-1", "Jos\xE9", 200, true, "is not valid UTF-8 text"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = Text("given_name", c.value, c.max, c.required);
    if (c.problem == nullptr) {
      EXPECT_TRUE(s.ok()) << s.ToString();
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ("invalid_given_name", s.reason());
      EXPECT_EQ(std::string("given_name: ") + c.problem, s.detail());
    }
  }
}

Person ValidStudent() {
  Person p;
  p.role = "student";
  p.given_name = "Sof\xC3\xAD" "a";
  p.family_name = "Garc\xC3\xAD" "a";
  p.birth_date = "2016-07-30";
  p.grade = "4";
  p.school = "Roosevelt Elementary";
  p.phone = "(555) 201-4410";
  p.email = "maria.garcia@example.org";
  p.confirmation_code = "RG7K3";
  return p;
}

TEST(LogicValidate, PersonFields) {
  const std::string today = "2026-11-22";
  EXPECT_TRUE(PersonFields(ValidStudent(), today).ok());
  Person minimal;
  minimal.given_name = "Ana";
  EXPECT_TRUE(PersonFields(minimal, today).ok());

  struct Case {
    const char* reason;
    void (*spoil)(Person&);
  };
  const std::vector<Case> cases = {
      {"invalid_given_name", [](Person& p) { p.given_name = " "; }},
      {"invalid_family_name", [](Person& p) { p.family_name = std::string(201, 'x'); }},
      {"invalid_birth_date", [](Person& p) { p.birth_date = "2027-01-01"; }},
      {"invalid_grade", [](Person& p) { p.grade = ""; }},
      {"invalid_school", [](Person& p) { p.school = "a\nb"; }},
      {"invalid_phone", [](Person& p) { p.phone = "12"; }},
      {"invalid_email", [](Person& p) { p.email = "nope"; }},
      {"invalid_confirmation_code", [](Person& p) { p.confirmation_code = "x"; }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    Person p = ValidStudent();
    c.spoil(p);
    Status s = PersonFields(p, today);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(c.reason, s.reason());
  }
}

TEST(LogicValidate, IsSlug) {
  const std::vector<ValueCase> cases = {
      {"name", true},       {"q1", true},        {"first_name", true}, {"allergy-notes", true},
      {"_", true},          {std::string(64, 'a'), true},              {std::string(65, 'a'), false},
      {"", false},          {"Name", false},     {"first name", false}, {"a.b", false},
      {"caf\xC3\xA9", false}, {"a/b", false},    {"\xFF", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(c.ok, IsSlug(c.value));
  }
}

TEST(LogicValidate, OverrideReason) {
  EXPECT_TRUE(OverrideReason(std::nullopt).ok());
  EXPECT_TRUE(OverrideReason(std::string("Parent called ahead")).ok());
  EXPECT_TRUE(OverrideReason(std::string(500, 'x')).ok());
  Status too_long = OverrideReason(std::string(501, 'x'));
  EXPECT_EQ("invalid_override_reason", too_long.reason());
  EXPECT_EQ("override_reason: is longer than 500 characters", too_long.detail());
  EXPECT_EQ("override_reason: is required", OverrideReason(std::string("  ")).detail());
}

struct AnswersCase {
  const char* name;
  json answers;
  const char* detail_part;  // nullptr when the answers are valid
};

TEST(LogicValidate, AnswersShapes) {
  const std::vector<AnswersCase> cases = {
      {"empty object", json::object(), nullptr},
      {"scalars",
       json{{"name", "Ana"}, {"age", 11}, {"big", 18446744073709551615ULL}, {"neg", -3},
            {"score", 9.5}, {"consent", true}, {"skipped", nullptr}},
       nullptr},
      {"list", json{{"days", json::array({"mon", "tue"})}}, nullptr},
      {"repeat group", json{{"kids", json::array({json{{"name", "a"}, {"pets", json::array({"cat"})}}})}},
       nullptr},
      {"objects three deep", json{{"a", json{{"b", json{{"c", json{{"d", 1}}}}}}}}, nullptr},
      {"lists three deep", json{{"l", json::array({json::array({json::array({1})})})}}, nullptr},
      {"array of 200", json{{"l", json(std::vector<int>(200, 1))}}, nullptr},
      {"array of 201", json{{"l", json(std::vector<int>(201, 1))}}, "l: has more than 200 items"},
      {"not an object: array", json::array({1}), "answers must be a JSON object"},
      {"not an object: string", json("x"), "answers must be a JSON object"},
      {"not an object: null", json(), "answers must be a JSON object"},
      {"uppercase key", json{{"Name", 1}}, "question id \"Name\" must be lowercase"},
      {"space in key", json{{"first name", 1}}, "question id \"first name\""},
      {"empty key", json{{"", 1}}, "question id \"\""},
      {"long key", json{{std::string(65, 'k'), 1}}, "must be lowercase letters"},
      {"non-utf-8 key is not echoed", json{{"\xFF", 1}}, "question id \"?\""},
      {"bad key inside repeat group",
       json{{"kids", json::array({json{{"Bad Key", 1}}})}}, "kids[0]: has a question id"},
      {"nested repeat groups too deep",
       json{{"kids", json::array({json{{"pets", json::array({json{{"name", "x"}}})}}})}},
       "kids[0].pets[0]: nests answers deeper"},
      {"objects four deep",
       json{{"a", json{{"b", json{{"c", json{{"d", json{{"e", 1}}}}}}}}}},
       "a.b.c.d: nests answers deeper"},
      {"nan", json{{"x", std::nan("")}}, "x: is not a finite number"},
      {"infinity", json{{"x", std::numeric_limits<double>::infinity()}},
       "x: is not a finite number"},
      {"negative infinity in a list",
       json{{"l", json::array({1.0, -std::numeric_limits<double>::infinity()})}},
       "l[1]: is not a finite number"},
      {"binary value", json{{"b", json::binary({1, 2, 3})}}, "b: has a value of an unsupported kind"},
      {"latin-1 string", json{{"name", "Jos\xE9"}}, "name: is not valid UTF-8 text"},
      {"overlong in a list", json{{"l", json::array({"ok", "\xC0\xAF"})}},
       "l[1]: is not valid UTF-8 text"},
      {"surrogate in repeat group", json{{"kids", json::array({json{{"name", "\xED\xA0\x80"}}})}},
       "kids[0].name: is not valid UTF-8 text"},
      {"nul in string", json{{"note", std::string("a\0b", 3)}}, "note: contains a NUL character"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = Answers(c.answers);
    if (c.detail_part == nullptr) {
      EXPECT_TRUE(s.ok()) << s.ToString();
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(Status::Code::kInvalidArgument, s.code());
      EXPECT_EQ(0u, s.reason().rfind("invalid_", 0)) << s.reason();
      EXPECT_TRUE(Contains(s.detail(), c.detail_part)) << s.detail();
      EXPECT_TRUE(IsValidUtf8(s.detail()));
    }
  }
}

// A list nested in a list nested in ... built without parsing, so no parser limit applies.
json NestedLists(int depth) {
  json value = 1;
  for (int i = 0; i < depth; ++i) {
    json outer = json::array();
    outer.push_back(std::move(value));
    value = std::move(outer);
  }
  return value;
}

TEST(LogicValidate, AnswersNestedListsAreBounded) {
  // Realistic nesting passes: a list inside a repeat group, lists of lists a few deep.
  EXPECT_TRUE(Answers(json{{"l", NestedLists(4)}}).ok());
  EXPECT_TRUE(
      Answers(json{{"kids", json::array({json{{"days", json::array({"mon", "tue"})}}})}}).ok());

  // A hostile answers file of deeply nested lists is refused, not recursed into until the
  // stack or the memory runs out, and the message stays short.
  for (int depth : {12, 1000, 200000}) {
    SCOPED_TRACE(depth);
    json deep{{"l", NestedLists(depth)}};
    Status s = Answers(deep);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Status::Code::kInvalidArgument, s.code());
    EXPECT_TRUE(Contains(s.detail(), "nests")) << s.detail().substr(0, 200);
    EXPECT_EQ(0u, s.detail().rfind("l[0][0]", 0)) << s.detail().substr(0, 200);
    EXPECT_LT(s.detail().size(), 200u);
  }
}

TEST(LogicValidate, AnswersTextLimit) {
  const std::string e_acute = "\xC3\xA9";
  const std::string rocket = "\xF0\x9F\x9A\x80";
  EXPECT_TRUE(Answers(json{{"t", std::string(20000, 'x')}}).ok());
  EXPECT_TRUE(Answers(json{{"t", Repeat(e_acute, 20000)}}).ok());  // 40,000 bytes
  EXPECT_TRUE(Answers(json{{"t", Repeat(rocket, 20000)}}).ok());   // 80,000 bytes
  Status s = Answers(json{{"t", std::string(20001, 'x')}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ("t: is longer than 20000 characters", s.detail());
  EXPECT_EQ("invalid_t", s.reason());
  s = Answers(json{{"kids", json::array({json{{"note", Repeat(rocket, 20001)}}})}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ("kids[0].note: is longer than 20000 characters", s.detail());
}

TEST(LogicValidate, AnswersQuestionCount) {
  json answers = json::object();
  for (int i = 0; i < 1000; ++i) answers["q" + std::to_string(i)] = i;
  EXPECT_TRUE(Answers(answers).ok());
  answers["q1000"] = 1;
  Status s = Answers(answers);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ("invalid_answers", s.reason());
  EXPECT_EQ("answers has too many questions", s.detail());
}

TEST(LogicValidate, AnswersOneMebibyteCap) {
  // 53 answers of up to 20,000 characters: the last one sized so the JSON is exactly 1 MiB.
  json answers = json::object();
  for (int i = 0; i < 52; ++i) {
    answers["q" + std::to_string(100 + i)] = std::string(20000, 'x');
  }
  answers["q999"] = "";
  Result<std::string> base = DumpJson(answers);
  ASSERT_TRUE(base.ok());
  const size_t cap = 1u << 20;
  ASSERT_LT(base->size(), cap);
  ASSERT_LE(cap - base->size(), 20000u);
  answers["q999"] = std::string(cap - base->size(), 'y');
  ASSERT_EQ(cap, DumpJson(answers)->size());
  EXPECT_TRUE(Answers(answers).ok());

  answers["q999"] = std::string(cap - base->size() + 1, 'y');
  Status s = Answers(answers);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ("invalid_answers", s.reason());
  EXPECT_EQ("answers are larger than 1 MiB", s.detail());
}

TEST(LogicValidate, DumpJson) {
  Result<std::string> ok = DumpJson(json{{"name", "Jos\xC3\xA9"}, {"age", 11}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ("{\"age\":11,\"name\":\"Jos\xC3\xA9\"}", *ok);  // sorted keys, UTF-8 kept as is
  EXPECT_EQ("[\"a\\\"b\\n\"]", DumpJson(json::array({"a\"b\n"})).value());

  const std::vector<json> bad = {
      json("Jos\xE9"),
      json::array({"ok", json{{"deep", json::array({"\xED\xA0\x80"})}}}),
      json{{"\xFF", 1}},
      json(std::string("\xF0\x9F\x9A", 3)),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    SCOPED_TRACE(i);
    Result<std::string> r = DumpJson(bad[i]);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(Status::Code::kInvalidArgument, r.status().code());
    EXPECT_EQ("invalid_text", r.status().reason());
  }
}

}  // namespace
}  // namespace stem::validate
