// Probable duplicate people: the same child (or guardian) registered twice, on two kiosks, on a
// kiosk and in the hub's roster, or twice by an anxious parent.
//
// Two people of the same event and role are probably one when:
//   - their names fold to the same words (accents, case and order ignored) and they have the
//     same birth date ("same_name_and_birth_date");
//   - they have the same birth date and similar names: every word of the shorter name is one
//     of the other's, give or take a typing slip, so a misspelling, given and family names
//     swapped or a second family name dropped still match ("same_birth_date_similar_name");
//   - they have the same birth date, the same phone and the same (or a slipped) first given
//     name ("same_birth_date_phone_and_given_name"): a slip in a short family name;
//   - they have the same phone (a student's guardian's) and similar names, and their birth
//     dates do not disagree (one is missing: "same_phone_similar_name"); siblings, who share a
//     phone and a family name, have different given names or birth dates;
//   - their names fold the same and their birth dates are the same day with day and month
//     swapped, as 04/03 and 03/04 are in Spanish and English ("same_name_birth_date_swapped").
// People are compared only within blocks (same birth date, same phone, same folded name), so
// finding is about linear in the number of people.
// Words are compared allowing one slip in a word of four letters or more (two in one of seven
// or more); shorter words must be equal. Pure logic: no storage. Words are folded by SQLite's unicode61 tokenizer (data/text_fold.h)
// on an in-memory connection the finder owns. One thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem::hub {

struct PersonToMatch {
  std::string person_id;
  std::string event_id;
  std::string role;  // "student" or "guardian"
  std::string given_name;
  std::string family_name;
  std::string birth_date;  // "YYYY-MM-DD" or ""
  std::string phone;       // the person's, or a student's guardian's; any punctuation
};

struct DuplicatePair {
  std::string first;   // the smaller person id
  std::string second;
  std::string reason;  // see above
  bool operator==(const DuplicatePair&) const = default;
};

class DuplicateFinder {
 public:
  static Result<DuplicateFinder> Make();
  DuplicateFinder(DuplicateFinder&&) noexcept;
  DuplicateFinder& operator=(DuplicateFinder&&) noexcept;
  ~DuplicateFinder();

  void Add(const PersonToMatch& person);
  size_t size() const;
  // Every probable pair once, with its strongest reason, ordered by (first, second).
  std::vector<DuplicatePair> Find() const;

 private:
  struct State;
  explicit DuplicateFinder(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

// Levenshtein distance of two byte strings, stopping at `cap` + 1.
int EditDistance(std::string_view a, std::string_view b, int cap);
// Whether two folded names (lists of words) are similar, as described above.
bool SimilarNames(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace stem::hub
