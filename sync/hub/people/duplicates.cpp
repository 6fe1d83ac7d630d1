#include "sync/hub/people/duplicates.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "data/sqlite/sqlite.h"
#include "data/text_fold.h"

namespace stem::hub {
namespace {

// Blocks larger than this (a placeholder birth date typed for hundreds) are compared only
// within their first kMaxBlock people: the cost stays bounded, and such pairs are weak anyway.
constexpr size_t kMaxBlock = 2000;

struct Entry {
  std::string id;
  std::string scope;  // event and role: people are compared only within one
  std::vector<std::string> words;
  std::string given;     // the first folded word of the given name
  std::string name_key;  // the words sorted, joined
  std::string birth_date;
  std::string phone;  // the last 10 digits; "" when fewer than 7
};

std::string PhoneDigits(const std::string& phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() < 7) return "";
  return digits.size() > 10 ? digits.substr(digits.size() - 10) : digits;
}

bool TokenClose(const std::string& a, const std::string& b) {
  if (a == b) return true;
  size_t shorter = std::min(a.size(), b.size());
  size_t longer = std::max(a.size(), b.size());
  if (shorter >= 7) return EditDistance(a, b, 2) <= 2;
  // One slip in a word of four letters or more: "minh" and "min", "cruz" and "cuz"; words of
  // three letters ("ana", "ada") must be equal.
  if (longer >= 4 && shorter >= 3) return EditDistance(a, b, 1) <= 1;
  return false;
}

// Folded words; the Vietnamese đ, which has no accent to drop, becomes the d families type.
std::vector<std::string> Words(const TextFolder& folder, const std::string& text) {
  std::vector<std::string> words = folder.Words(text);
  for (std::string& w : words) {
    if (w.find("\xC4\x91") == std::string::npos) continue;
    std::string out;
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i] == '\xC4' && i + 1 < w.size() && w[i + 1] == '\x91') {
        out += 'd';
        ++i;
      } else {
        out += w[i];
      }
    }
    w = std::move(out);
  }
  return words;
}

// The same day with day and month swapped: "2016-04-03" and "2016-03-04".
bool SwappedDayMonth(const std::string& a, const std::string& b) {
  if (a.size() != 10 || b.size() != 10 || a == b) return false;
  return a.compare(0, 4, b, 0, 4) == 0 && a.compare(5, 2, b, 8, 2) == 0 &&
         a.compare(8, 2, b, 5, 2) == 0;
}

// Strongest first.
const char* const kReasons[] = {"same_name_and_birth_date", "same_birth_date_similar_name",
                                "same_birth_date_phone_and_given_name",
                                "same_name_birth_date_swapped", "same_phone_similar_name"};

// The index in kReasons of why `a` and `b` look alike, or -1.
int Classify(const Entry& a, const Entry& b) {
  if (a.scope != b.scope) return -1;
  const bool both_born = !a.birth_date.empty() && !b.birth_date.empty();
  if (both_born && a.birth_date == b.birth_date) {
    if (a.name_key == b.name_key) return 0;
    if (SimilarNames(a.words, b.words)) return 1;
    // A slip in a short family name ("ali", "ale") with the same guardian's phone: twins have
    // different given names.
    if (!a.phone.empty() && a.phone == b.phone && !a.given.empty() &&
        (a.given == b.given || TokenClose(a.given, b.given))) {
      return 2;
    }
    return -1;
  }
  if (both_born && a.name_key == b.name_key && SwappedDayMonth(a.birth_date, b.birth_date)) {
    return 3;
  }
  if (!a.phone.empty() && a.phone == b.phone && !both_born && SimilarNames(a.words, b.words)) {
    return 4;
  }
  return -1;
}

}  // namespace

struct DuplicateFinder::State {
  sql::Connection db;  // before the folder, which borrows it
  std::optional<TextFolder> folder;
  std::vector<Entry> entries;
  std::unordered_map<std::string, std::vector<size_t>> blocks;
  explicit State(sql::Connection c) : db(std::move(c)) {}
};

DuplicateFinder::DuplicateFinder(std::unique_ptr<State> state) : s_(std::move(state)) {}
DuplicateFinder::DuplicateFinder(DuplicateFinder&&) noexcept = default;
DuplicateFinder& DuplicateFinder::operator=(DuplicateFinder&&) noexcept = default;
DuplicateFinder::~DuplicateFinder() = default;

Result<DuplicateFinder> DuplicateFinder::Make() {
  STEM_ASSIGN_OR_RETURN(sql::Connection db,
                        sql::Connection::Open("", sql::Connection::Mode::kMemory));
  // The folder keeps a pointer to the connection: make it on the connection's final home.
  auto state = std::make_unique<State>(std::move(db));
  STEM_ASSIGN_OR_RETURN(TextFolder folder, TextFolder::ForConnection(state->db));
  state->folder.emplace(std::move(folder));
  return DuplicateFinder(std::move(state));
}

size_t DuplicateFinder::size() const { return s_->entries.size(); }

void DuplicateFinder::Add(const PersonToMatch& p) {
  Entry e;
  e.id = p.person_id;
  e.scope = p.event_id + "\n" + p.role;
  e.words = Words(*s_->folder, p.given_name + " " + p.family_name);
  if (e.words.empty()) return;  // nothing to compare by
  std::vector<std::string> given = Words(*s_->folder, p.given_name);
  if (!given.empty()) e.given = given.front();
  std::vector<std::string> sorted = e.words;
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& w : sorted) e.name_key += (e.name_key.empty() ? "" : " ") + w;
  e.birth_date = p.birth_date;
  e.phone = PhoneDigits(p.phone);
  size_t index = s_->entries.size();
  auto block = [&](const char* kind, const std::string& value) {
    if (!value.empty()) s_->blocks[e.scope + "\n" + kind + value].push_back(index);
  };
  block("b", e.birth_date);
  block("p", e.phone);
  block("n", e.name_key);
  s_->entries.push_back(std::move(e));
}

std::vector<DuplicatePair> DuplicateFinder::Find() const {
  std::map<std::pair<std::string, std::string>, int> found;
  for (const auto& [key, members] : s_->blocks) {
    size_t n = std::min(members.size(), kMaxBlock);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        const Entry& a = s_->entries[members[i]];
        const Entry& b = s_->entries[members[j]];
        if (a.id == b.id) continue;
        int reason = Classify(a, b);
        if (reason < 0) continue;
        auto pair = a.id < b.id ? std::make_pair(a.id, b.id) : std::make_pair(b.id, a.id);
        auto [it, added] = found.emplace(pair, reason);
        if (!added) it->second = std::min(it->second, reason);
      }
    }
  }
  std::vector<DuplicatePair> out;
  out.reserve(found.size());
  for (const auto& [pair, reason] : found) out.push_back({pair.first, pair.second, kReasons[reason]});
  return out;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  if (a.size() > b.size()) std::swap(a, b);
  if (static_cast<int>(b.size() - a.size()) > cap) return cap + 1;
  std::vector<int> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = static_cast<int>(i);
  for (size_t j = 1; j <= b.size(); ++j) {
    int diagonal = row[0];
    row[0] = static_cast<int>(j);
    int best = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      int up = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[i]);
    }
    if (best > cap) return cap + 1;
  }
  return std::min(row[a.size()], cap + 1);
}

bool SimilarNames(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
  if (shorter.empty()) return false;
  if (shorter.size() == 1) return longer.size() == 1 && shorter[0] == longer[0];
  std::vector<bool> used(longer.size(), false);
  for (const std::string& word : shorter) {
    // An exact match first, so "ana ana" and "ana anna" pair word with word.
    size_t pick = longer.size();
    for (size_t i = 0; i < longer.size() && pick == longer.size(); ++i) {
      if (!used[i] && longer[i] == word) pick = i;
    }
    for (size_t i = 0; i < longer.size() && pick == longer.size(); ++i) {
      if (!used[i] && TokenClose(word, longer[i])) pick = i;
    }
    if (pick == longer.size()) return false;
    used[pick] = true;
  }
  return true;
}

}  // namespace stem::hub
