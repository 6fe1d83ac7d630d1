// Precision and recall of the duplicate people finder on a generated roster with planted
// duplicates (tests/sync/duplicate_roster.h), and how long finding takes.
// Run: build/tests/people-duplicates-bench [CHILDREN] [DUPLICATES] [SEED]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "sync/hub/people/duplicates.h"
#include "tests/sync/duplicate_roster.h"

int main(int argc, char** argv) {
  int children = argc > 1 ? std::atoi(argv[1]) : 10000;
  int duplicates = argc > 2 ? std::atoi(argv[2]) : 300;
  uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261207;
  if (children < 10 || duplicates < 1 || duplicates > children) {
    std::fprintf(stderr, "usage: people-duplicates-bench [CHILDREN>=10] [1<=DUPLICATES<=CHILDREN] [SEED]\n");
    return 2;
  }
  stem::test::PlantedRoster roster = stem::test::GenerateRoster(children, duplicates, seed);
  auto start = std::chrono::steady_clock::now();
  stem::Result<stem::hub::DuplicateFinder> finder = stem::hub::DuplicateFinder::Make();
  if (!finder.ok()) {
    std::fprintf(stderr, "%s\n", finder.status().ToString().c_str());
    return 1;
  }
  for (const stem::hub::PersonToMatch& p : roster.people) finder->Add(p);
  std::vector<stem::hub::DuplicatePair> pairs = finder->Find();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  stem::test::FinderScore score = stem::test::Score(roster, pairs);

  std::map<std::string, std::pair<int, int>> by_variant;  // found, planted
  // variant_of_pair follows the order the copies were made, which is the order of their ids
  // (each the larger of its pair): sort the planted pairs by it to pair them up.
  std::vector<std::pair<std::string, std::string>> made(roster.planted.begin(), roster.planted.end());
  std::sort(made.begin(), made.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& p : pairs) found.insert({p.first, p.second});
  for (size_t i = 0; i < made.size() && i < roster.variant_of_pair.size(); ++i) {
    auto& [hit, all] = by_variant[roster.variant_of_pair[i]];
    ++all;
    if (found.count(made[i])) ++hit;
  }
  std::printf("people-duplicates-bench: %d children, %zu people in all, %zu planted duplicates (seed %llu)\n",
              children, roster.people.size(), score.planted, static_cast<unsigned long long>(seed));
  std::printf("  pairs found      %zu\n", score.found);
  std::printf("  true pairs       %zu\n", score.true_positives);
  std::printf("  precision        %.3f  (aim >= 0.9)\n", score.precision());
  std::printf("  recall           %.3f  (aim >= 0.95)\n", score.recall());
  std::printf("  time to find     %.1f ms\n", ms);
  std::printf("  recall by variant:\n");
  for (const auto& [variant, counts] : by_variant) {
    std::printf("    %-30s %3d of %3d\n", variant.c_str(), counts.first, counts.second);
  }
  if (std::getenv("STEM_SHOW_MISSES") != nullptr) {
    std::map<std::string, const stem::hub::PersonToMatch*> by_id;
    for (const auto& p : roster.people) by_id[p.person_id] = &p;
    auto show = [&](const char* what, const std::string& a, const std::string& b) {
      const auto* x = by_id[a];
      const auto* y = by_id[b];
      std::printf("  %s: %s %s | %s | %s  ~  %s %s | %s | %s\n", what, x->given_name.c_str(),
                  x->family_name.c_str(), x->birth_date.c_str(), x->phone.c_str(),
                  y->given_name.c_str(), y->family_name.c_str(), y->birth_date.c_str(),
                  y->phone.c_str());
    };
    for (const auto& pair : roster.planted) {
      if (!found.count(pair)) show("missed", pair.first, pair.second);
    }
    for (const auto& p : pairs) {
      if (!roster.planted.count({p.first, p.second})) show(p.reason.c_str(), p.first, p.second);
    }
  }
  return 0;
}
