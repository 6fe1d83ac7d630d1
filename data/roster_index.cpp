#include "data/roster_index.h"

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

// Does the student at `rowid` have a word starting with `word`?
Result<bool> HasWordStarting(sql::Connection& db, int64_t rowid, const std::string& word) {
  STEM_ASSIGN_OR_RETURN(sql::Statement s,
                        db.Prepare("SELECT 1 FROM roster_keys WHERE person_rowid = ? AND "
                                   "key >= ? AND key < ? LIMIT 1"));
  s.Bind(1, rowid).Bind(2, word).Bind(3, PrefixEnd(word));
  return s.Step();
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

  STEM_ASSIGN_OR_RETURN(
      sql::Statement exact,
      db.Prepare("SELECT person_rowid FROM roster_keys WHERE event_id = ? AND kind = ? AND "
                 "key = ? ORDER BY sort, person_rowid"));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement prefix,
      db.Prepare("SELECT person_rowid FROM roster_keys WHERE event_id = ? AND kind = ? AND "
                 "key > ? AND key < ? ORDER BY key, sort, person_rowid"));
  std::set<int64_t> seen;
  for (Kind kind : {kName, kGuardian, kCode, kPhone}) {
    for (sql::Statement* tier : {&exact, &prefix}) {
      tier->Reset();
      tier->Bind(1, event_id).Bind(2, static_cast<int>(kind)).Bind(3, driver);
      if (tier == &prefix) tier->Bind(4, PrefixEnd(driver));
      while (static_cast<int>(found.size()) < limit) {
        STEM_ASSIGN_OR_RETURN(bool row, tier->Step());
        if (!row) break;
        int64_t rowid = tier->Int(0);
        if (!seen.insert(rowid).second) continue;
        bool all = true;
        for (const std::string& w : words) {
          STEM_ASSIGN_OR_RETURN(bool has, HasWordStarting(db, rowid, w));
          if (!has) {
            all = false;
            break;
          }
        }
        if (all) found.push_back(rowid);
      }
      if (static_cast<int>(found.size()) >= limit) return found;
    }
  }
  return found;
}

}  // namespace stem::roster_index
