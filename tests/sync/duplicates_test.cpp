// The duplicate people finder (sync/hub/people/duplicates.h): its word distance and name
// similarity as tables, each rule with the pairs it must and must not find, and precision and
// recall on a generated roster with planted duplicates (the 10,000-child figure is printed by
// build/tests/people-duplicates-bench).
#include "sync/hub/people/duplicates.h"

#include <gtest/gtest.h>

#include "tests/sync/duplicate_roster.h"

namespace stem::hub {
namespace {

TEST(DuplicateFinder, EditDistanceCountsSlipsAndStopsAtTheCap) {
  struct Case {
    const char* a;
    const char* b;
    int cap;
    int want;
  };
  const Case kCases[] = {
      {"garcia", "garcia", 2, 0}, {"garcia", "garsia", 2, 1}, {"jonathan", "jonathon", 2, 1},
      {"maria", "mario", 2, 1},   {"ana", "anna", 2, 1},      {"rodriguez", "rodrigues", 2, 1},
      {"lopez", "", 2, 3},        {"", "", 2, 0},             {"smith", "smyth", 0, 1},
      {"abcdef", "fedcba", 2, 3}, {"nguyen", "ngyuen", 2, 2}, {"katherine", "catherine", 1, 1},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(EditDistance(c.a, c.b, c.cap), c.want) << c.a << " / " << c.b;
    EXPECT_EQ(EditDistance(c.b, c.a, c.cap), c.want) << c.b << " / " << c.a;
  }
}

TEST(DuplicateFinder, SimilarNamesAllowSlipsSwapsAndADroppedFamilyName) {
  using Words = std::vector<std::string>;
  struct Case {
    Words a;
    Words b;
    bool similar;
  };
  const Case kCases[] = {
      {{"jose", "garcia"}, {"jose", "garcia"}, true},
      {{"jose", "garcia"}, {"garcia", "jose"}, true},               // swapped
      {{"jose", "garcia"}, {"jose", "garcia", "lopez"}, true},      // second family name
      {{"jonathan", "smith"}, {"jonathon", "smith"}, true},         // slip
      {{"valentina", "rodriguez"}, {"valentna", "rodrigues"}, true},  // a slip in each
      {{"ana", "garcia"}, {"ada", "garcia"}, false},                // short words must be equal
      {{"mateo", "garcia"}, {"diego", "garcia"}, false},            // siblings
      {{"jose", "garcia"}, {"jose", "martinez"}, false},
      {{"minh"}, {"minh"}, true},
      {{"minh"}, {"minh", "nguyen"}, false},  // one word says too little
      {{}, {"ana"}, false},
      {{"ana", "ana"}, {"ana", "anna"}, true},
      {{"ana", "ana"}, {"ana", "garcia"}, false},  // each word pairs with one word only
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(SimilarNames(c.a, c.b), c.similar) << ::testing::PrintToString(c.a) << " / "
                                                 << ::testing::PrintToString(c.b);
    EXPECT_EQ(SimilarNames(c.b, c.a), c.similar) << "reversed";
  }
}

PersonToMatch Child(const char* id, const char* given, const char* family, const char* born,
                    const char* phone, const char* event = "camp") {
  return PersonToMatch{id, event, "student", given, family, born, phone};
}

TEST(DuplicateFinder, EachRuleFindsItsPairsAndLeavesSiblingsAndTwinsAlone) {
  Result<DuplicateFinder> made = DuplicateFinder::Make();
  ASSERT_TRUE(made.ok());
  DuplicateFinder& f = *made;
  // Registered on two kiosks, accents typed on one only.
  f.Add(Child("a1", "José", "García López", "2015-04-03", "(555) 201-4410"));
  f.Add(Child("a2", "JOSE", "garcia lopez", "2015-04-03", ""));
  // A slip and a dropped family name on the same birth date.
  f.Add(Child("b1", "Valentina", "Rodríguez Soto", "2016-02-10", "555-318-2290"));
  f.Add(Child("b2", "Valentna", "Rodríguez", "2016-02-10", "5553182290"));
  // The same name, the birth date typed day first on one kiosk.
  f.Add(Child("c1", "Minh", "Nguyễn", "2014-06-01", "555-100-0001"));
  f.Add(Child("c2", "Minh", "Nguyen", "2014-01-06", ""));
  // No birth date on the walk-up, the same guardian phone (with a country code).
  f.Add(Child("d1", "Liam", "O'Connor", "2013-09-09", "(555) 777-0101"));
  f.Add(Child("d2", "Liam", "OConnor", "", "+1 555 777 0101"));
  // Siblings: same phone and family name, different names and dates. Twins: same date too.
  f.Add(Child("e1", "Mateo", "Pérez", "2015-01-01", "555-222-3333"));
  f.Add(Child("e2", "Diego", "Pérez", "2017-05-05", "555-222-3333"));
  f.Add(Child("e3", "Lucas", "Pérez", "2015-01-01", "555-222-3333"));
  // A common name, different children: different dates and phones.
  f.Add(Child("f1", "Emma", "Smith", "2012-03-04", "555-000-1111"));
  f.Add(Child("f2", "Emma", "Smith", "2015-07-08", "555-000-2222"));
  // The same child at another event is another person there: not a pair.
  f.Add(Child("g1", "José", "García López", "2015-04-03", "", "fair"));
  // A guardian is never a student's duplicate.
  f.Add(PersonToMatch{"h1", "camp", "guardian", "José", "García López", "2015-04-03", ""});
  EXPECT_EQ(f.size(), 15u);
  std::vector<DuplicatePair> want = {
      {"a1", "a2", "same_name_and_birth_date"},
      {"b1", "b2", "same_birth_date_similar_name"},
      {"c1", "c2", "same_name_birth_date_swapped"},
      {"d1", "d2", "same_phone_similar_name"},
  };
  EXPECT_EQ(f.Find(), want);
}

TEST(DuplicateFinder, FindsPlantedDuplicatesInAGeneratedRoster) {
  test::PlantedRoster roster = test::GenerateRoster(2000, 60, 7);
  Result<DuplicateFinder> made = DuplicateFinder::Make();
  ASSERT_TRUE(made.ok());
  for (const PersonToMatch& p : roster.people) made->Add(p);
  std::vector<DuplicatePair> pairs = made->Find();
  test::FinderScore score = test::Score(roster, pairs);
  EXPECT_EQ(score.planted, 60u);
  EXPECT_GE(score.recall(), 0.95) << score.true_positives << " of " << score.planted;
  EXPECT_GE(score.precision(), 0.9) << score.true_positives << " of " << score.found;
  for (const DuplicatePair& p : pairs) {
    if (!roster.planted.count({p.first, p.second})) {
      ADD_FAILURE() << "not planted: " << p.first << " " << p.second << " (" << p.reason << ")";
    }
  }
}

}  // namespace
}  // namespace stem::hub
