#include "data/store/roster_index.h"

#include <algorithm>
#include <set>

#include "data/text.h"

namespace stem::roster_index {
namespace {

enum Kind : int { kName = 0, kGuardian = 1, kCode = 2, kPhone = 3 };

constexpr size_t kMaxKeyBytes = 64;    // longer words are indexed by their first 64 bytes
constexpr size_t kMaxSortBytes = 32;   // enough to order names; keeps the index small
constexpr size_t kMaxQueryWords = 8;

struct Key {
  Kind kind;
  std::string word;
};

// Cuts at a UTF-8 boundary at or before `max` bytes.
std::string Clip(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::vector<Key> KeysOf(const TextFolder& folder, const Person& p,
                        const std::string& guardian_name) {
  std::vector<Key> keys;
  for (auto& w : folder.Words(p.given_name + " " + p.family_name)) keys.push_back({kName, w});
  for (auto& w : folder.Words(guardian_name)) keys.push_back({kGuardian, w});
  if (p.confirmation_code) {
    for (auto& w : folder.Words(*p.confirmation_code)) keys.push_back({kCode, w});
  }
  if (p.phone) {
    std::string d = DigitsOnly(*p.phone);
    if (!d.empty()) keys.push_back({kPhone, d});
    for (size_t tail : {size_t{10}, size_t{7}, size_t{4}}) {
      if (d.size() > tail) keys.push_back({kPhone, d.substr(d.size() - tail)});
    }
  }
  for (Key& k : keys) k.word = Clip(k.word, kMaxKeyBytes);
  return keys;
}

// Every key that starts with `word` lies in [word, word + 0xFF): 0xFF never occurs in UTF-8.
std::string PrefixEnd(const std::string& word) { return word + '\xff'; }

// One EXISTS clause per further word: the candidate also has a word starting with it.
// Its parameters are ?5 and ?6 for the first further word, ?7 and ?8 for the next, and so on.
std::string FurtherWordClauses(size_t count) {
  std::string sql;
  for (size_t i = 0; i < count; ++i) {
    std::string from = std::to_string(5 + 2 * i), to = std::to_string(6 + 2 * i);
    sql += " AND EXISTS (SELECT 1 FROM roster_keys o WHERE o.person_rowid = k.person_rowid "
           "AND o.key >= ?" + from + " AND o.key < ?" + to + ")";
  }
  return sql;
}

}  // namespace

Status IndexStudent(sql::Connection& db, const TextFolder& folder, int64_t rowid,
                    const Person& student, const std::string& guardian_name) {
  STEM_ASSIGN_OR_RETURN(sql::Statement del,
                        db.Prepare("DELETE FROM roster_keys WHERE person_rowid = ?"));
  del.Bind(1, rowid);
  STEM_RETURN_IF_ERROR(del.Run());
  std::string sort = Clip(folder.Fold(student.family_name + " " + student.given_name),
                          kMaxSortBytes);
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      db.Prepare("INSERT OR IGNORE INTO roster_keys(event_id, kind, key, sort, person_rowid) "
                 "VALUES (?, ?, ?, ?, ?)"));
  for (const Key& k : KeysOf(folder, student, guardian_name)) {
    ins.Reset();
    ins.Bind(1, student.event_id).Bind(2, static_cast<int>(k.kind)).Bind(3, k.word);
    ins.Bind(4, sort).Bind(5, rowid);
    STEM_RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> Search(sql::Connection& db, const TextFolder& folder,
                                    const std::string& event_id, const std::string& text,
                                    int limit) {
  std::vector<int64_t> found;
  std::vector<std::string> words = folder.Words(text);
  if (words.empty()) return found;
  if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
  for (std::string& w : words) w = Clip(w, kMaxKeyBytes);
  // The longest word narrows the scan most; the others are checked per candidate.
  auto driver_it = std::max_element(words.begin(), words.end(),
                                    [](const auto& a, const auto& b) { return a.size() < b.size(); });
  const std::string driver = *driver_it;
  words.erase(driver_it);

  const std::string further = FurtherWordClauses(words.size());
  STEM_ASSIGN_OR_RETURN(
      sql::Statement exact,
      // Equality alone: with an added upper bound SQLite's planner scans the whole range below it.
      db.Prepare("SELECT k.person_rowid FROM roster_keys k WHERE k.event_id = ?1 AND k.kind = ?2 "
                 "AND k.key = ?3" + further + " ORDER BY k.sort, k.person_rowid"));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement prefix,
      db.Prepare("SELECT k.person_rowid FROM roster_keys k WHERE k.event_id = ?1 AND k.kind = ?2 "
                 "AND k.key > ?3 AND k.key < ?4" + further +
                 " ORDER BY k.key, k.sort, k.person_rowid"));
  std::set<int64_t> seen;
  for (Kind kind : {kName, kGuardian, kCode, kPhone}) {
    for (sql::Statement* tier : {&exact, &prefix}) {
      tier->Reset();
      tier->Bind(1, event_id).Bind(2, static_cast<int>(kind)).Bind(3, driver);
      if (tier == &prefix) tier->Bind(4, PrefixEnd(driver));
      int index = 5;
      for (const std::string& w : words) {
        tier->Bind(index, w).Bind(index + 1, PrefixEnd(w));
        index += 2;
      }
      while (static_cast<int>(found.size()) < limit) {
        STEM_ASSIGN_OR_RETURN(bool row, tier->Step());
        if (!row) break;
        int64_t rowid = tier->Int(0);
        if (seen.insert(rowid).second) found.push_back(rowid);
      }
      if (static_cast<int>(found.size()) >= limit) return found;
    }
  }
  return found;
}

}  // namespace stem::roster_index
