// A generated roster with planted duplicates, for measuring the duplicate finder
// (sync/hub/people/duplicates.h): families of one to three children who share a guardian's
// phone and family name (siblings, some twins: the hard negatives), names drawn from English,
// Spanish and Vietnamese pools with accents, and a number of children registered a second time
// with a variant a real family or volunteer makes: accents dropped or case changed, a typing
// slip, given and family names swapped, a second family name dropped or added, day and month
// of the birth date swapped, or no birth date given (same phone). Deterministic per seed.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sync/hub/people/duplicates.h"

namespace stem::test {

struct PlantedRoster {
  std::vector<hub::PersonToMatch> people;
  std::set<std::pair<std::string, std::string>> planted;  // (smaller id, larger id)
  std::vector<std::string> variant_of_pair;               // the variant kind of each, in order
};

inline PlantedRoster GenerateRoster(int children, int duplicates, uint64_t seed = 20261207) {
  static const std::vector<std::string> kGiven = {
      "José", "María", "Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Sebastián",
      "Isabella", "Diego", "Lucía", "Andrés", "Ximena", "Joaquín", "Renée", "Zoë", "Chloé",
      "Noah", "Liam", "Olivia", "Emma", "Ava", "Elijah", "James", "Amelia", "Benjamin",
      "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Michael",
      "Elizabeth", "Daniel", "Mila", "Jackson", "Ella", "Logan", "Avery", "Samuel", "Scarlett",
      "Gabriel", "Victoria", "Anthony", "Madison", "Julian", "Luna", "Isaac", "Grace",
      "Minh", "Thảo", "Huy", "Ngọc", "Phương", "Quân", "Trâm", "Khánh", "Tuấn", "Linh",
      "Aaliyah", "Jayden", "Kayla", "Malik", "Imani", "Darnell", "Aisha", "Omar", "Fatima",
      "Yusuf", "Mariam", "Hamza", "Leila", "Priya", "Arjun", "Ananya", "Rohan", "Kavya",
      "Wei", "Mei", "Jun", "Yuki", "Hana", "Kenji", "Sora", "Ines", "Tomás", "Nicolás",
      "Martín", "Agustín", "Florencia", "Renata", "Emilia", "Bruno", "Gael", "Iker", "Aitana",
      "Jimena", "Dulce", "Guadalupe", "Esperanza", "Rosario", "Consuelo", "Ignacio", "Ramón"};
  static const std::vector<std::string> kFamily = {
      "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
      "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales",
      "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Ruiz", "Jiménez", "Mendoza", "Álvarez",
      "Castillo", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Nguyễn", "Trần", "Lê",
      "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Smith", "Johnson", "Williams",
      "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
      "Jackson", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
      "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
      "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
      "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook",
      "Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Kelly", "Howard",
      "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James",
      "Patel", "Shah", "Khan", "Ali", "Ahmed", "Chen", "Wang", "Li", "Zhang", "Liu", "Kim",
      "Park", "Choi", "Tanaka", "Suzuki", "O'Brien", "O'Connor", "MacDonald", "Fernández"};
  std::mt19937_64 gen(seed);
  auto pick = [&](const std::vector<std::string>& pool) {
    return pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(gen)];
  };
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
  auto date = [&] {
    char buf[11];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", uniform(2008, 2020), uniform(1, 12),
                  uniform(1, 28));
    return std::string(buf);
  };
  PlantedRoster out;
  int next_id = 0;
  auto id = [&] {
    char buf[16];
    std::snprintf(buf, sizeof buf, "p%06d", next_id++);
    return std::string(buf);
  };
  while (static_cast<int>(out.people.size()) < children) {
    std::string family = pick(kFamily);
    // One in four families gives two family names, as many Spanish-speaking families do.
    if (uniform(0, 3) == 0) family += " " + pick(kFamily);
    char phone[16];
    std::snprintf(phone, sizeof phone, "(%03d) %03d-%04d", uniform(200, 999), uniform(200, 999),
                  uniform(0, 9999));
    int kids = uniform(1, 3);
    std::string twins_date = date();
    std::set<std::string> names;  // parents do not give two children one name
    for (int k = 0; k < kids && static_cast<int>(out.people.size()) < children; ++k) {
      hub::PersonToMatch p;
      p.person_id = id();
      p.event_id = "camp";
      p.role = "student";
      do {
        p.given_name = pick(kGiven);
      } while (!names.insert(p.given_name).second);
      p.family_name = family;
      p.birth_date = (k == 1 && uniform(0, 19) == 0) ? twins_date : date();
      if (k == 0) twins_date = p.birth_date;
      p.phone = phone;
      out.people.push_back(p);
    }
  }
  // Duplicates of distinct children, each with one variant.
  std::vector<size_t> order(out.people.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), gen);
  static const char* const kVariants[] = {"accents_or_case", "typing_slip", "swapped_names",
                                          "family_name_dropped_or_added", "day_month_swapped",
                                          "no_birth_date"};
  auto strip_accents = [](std::string s) {
    static const std::vector<std::pair<std::string, std::string>> kMap = {
        {"á", "a"}, {"é", "e"}, {"í", "i"}, {"ó", "o"}, {"ú", "u"}, {"ñ", "n"}, {"ë", "e"},
        {"Á", "A"}, {"É", "E"}, {"Í", "I"}, {"Ó", "O"}, {"Ú", "U"}, {"ễ", "e"}, {"ầ", "a"},
        {"ạ", "a"}, {"ả", "a"}, {"ọ", "o"}, {"ư", "u"}, {"ơ", "o"}, {"â", "a"}, {"ê", "e"},
        {"ô", "o"}, {"ă", "a"}, {"Đ", "D"}, {"đ", "d"}, {"ặ", "a"}, {"ũ", "u"}, {"ỳ", "y"}};
    for (const auto& [from, to] : kMap) {
      for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
        s.replace(at, from.size(), to);
      }
    }
    return s;
  };
  auto slip = [&](std::string s) {
    // One ASCII letter changed, dropped or doubled, away from the first letter.
    std::vector<size_t> letters;
    for (size_t i = 1; i < s.size(); ++i) {
      if (std::isalpha(static_cast<unsigned char>(s[i]))) letters.push_back(i);
    }
    if (letters.empty()) return s + "e";
    size_t at = letters[std::uniform_int_distribution<size_t>(0, letters.size() - 1)(gen)];
    switch (uniform(0, 2)) {
      case 0: s[at] = s[at] == 'e' ? 'i' : 'e'; break;
      case 1: s.erase(at, 1); break;
      default: s.insert(at, 1, s[at]); break;
    }
    return s;
  };
  int made = 0;
  for (size_t n = 0; made < duplicates && n < order.size(); ++n) {
    const hub::PersonToMatch& original = out.people[order[n]];
    hub::PersonToMatch copy = original;
    copy.person_id = id();
    std::string kind = kVariants[made % 6];
    if (kind == "accents_or_case") {
      std::string plain = strip_accents(original.given_name + original.family_name);
      if (plain != original.given_name + original.family_name) {
        copy.given_name = strip_accents(original.given_name);
        copy.family_name = strip_accents(original.family_name);
      } else {
        for (char& c : copy.family_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    } else if (kind == "typing_slip") {
      if (uniform(0, 1) == 0 && strip_accents(original.given_name).size() >= 4) {
        copy.given_name = slip(strip_accents(original.given_name));
      } else {
        copy.family_name = slip(strip_accents(original.family_name));
      }
    } else if (kind == "swapped_names") {
      std::swap(copy.given_name, copy.family_name);
    } else if (kind == "family_name_dropped_or_added") {
      size_t space = original.family_name.find(' ');
      copy.family_name = space != std::string::npos ? original.family_name.substr(0, space)
                                                    : original.family_name + " " + pick(kFamily);
    } else if (kind == "day_month_swapped") {
      std::string day = original.birth_date.substr(8, 2), month = original.birth_date.substr(5, 2);
      if (day == month || std::stoi(day) > 12) continue;  // no such variant for this child
      copy.birth_date = original.birth_date.substr(0, 5) + day + "-" + month;
    } else {
      copy.birth_date = "";
      copy.phone = "555" + original.phone;  // typed with an extra prefix: the last 10 digits match
    }
    // A walk-up registered later: sometimes the phone was typed without punctuation.
    if (uniform(0, 1) == 0 && kind != "no_birth_date") {
      std::string digits;
      for (char c : copy.phone) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
      }
      copy.phone = digits;
    }
    out.planted.insert(std::minmax(original.person_id, copy.person_id));
    out.people.push_back(copy);  // `original` refers into people: not used after this
    out.variant_of_pair.push_back(kind);
    ++made;
  }
  return out;
}

struct FinderScore {
  size_t found = 0;
  size_t true_positives = 0;
  size_t planted = 0;
  double precision() const { return found == 0 ? 1.0 : double(true_positives) / double(found); }
  double recall() const { return planted == 0 ? 1.0 : double(true_positives) / double(planted); }
};

inline FinderScore Score(const PlantedRoster& roster, const std::vector<hub::DuplicatePair>& pairs) {
  FinderScore s;
  s.found = pairs.size();
  s.planted = roster.planted.size();
  for (const hub::DuplicatePair& p : pairs) {
    if (roster.planted.count({p.first, p.second})) ++s.true_positives;
  }
  return s;
}

}  // namespace stem::test
