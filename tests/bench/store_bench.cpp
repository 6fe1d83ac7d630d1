// store-bench: the two quality bars of the offline store, measured on a real disk.
//
//   (a) Durable save: Store::SubmitForm against SQLite's own single-row durable insert
//       (BEGIN; INSERT; COMMIT with journal_mode=WAL, synchronous=FULL) on the same disk.
//       Target: the store costs at most 1.25x the bare insert.
//   (b) Roster type-ahead: Store::SearchRoster over a roster of --people students, with
//       queries drawn from realistic typing. Target: p99 under 16 ms (one frame).
//
// Not a test: it prints figures and exits 0; it exits 1 only when something it needs fails.
// Usage: store-bench [--dir DIR] [--saves N] [--people N] [--queries N] [--quick] [--keep]
#include <sys/statfs.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "data/store/store.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "store-bench: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T Must(stem::Result<T> r, const char* what) {
  if (!r.ok()) Die(std::string(what) + ": " + r.status().ToString());
  return std::move(r).value();
}

double MsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

struct Stats {
  size_t n = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles.
Stats Summarize(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto pct = [&](double q) {
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  s.p50 = pct(0.50);
  s.p95 = pct(0.95);
  s.p99 = pct(0.99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

// A plain SQLite connection for the baselines.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
      Die("cannot open " + path + ": " + sqlite3_errmsg(db_));
    }
  }
  ~RawDb() {
    for (sqlite3_stmt* s : stmts_) sqlite3_finalize(s);
    sqlite3_close_v2(db_);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      Die("sqlite: " + sql + ": " + msg);
    }
  }
  std::string QueryText(const std::string& sql) {
    sqlite3_stmt* s = Prepare(sql);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(s, 0);
      if (t != nullptr) out = reinterpret_cast<const char*>(t);
    }
    sqlite3_reset(s);
    return out;
  }
  // Prepared statements live as long as the connection.
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      Die("sqlite prepare: " + sql + ": " + sqlite3_errmsg(db_));
    }
    stmts_.push_back(s);
    return s;
  }
  void StepDone(sqlite3_stmt* s) {
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) Die(std::string("sqlite step: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

void RemoveDb(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

std::string FsNote(const std::string& dir) {
  struct statfs fs {};
  if (statfs(dir.c_str(), &fs) != 0) return "unknown filesystem";
  constexpr long kTmpfs = 0x01021994;
  constexpr long kRamfs = 0x858458f6;
  if (static_cast<long>(fs.f_type) == kTmpfs || static_cast<long>(fs.f_type) == kRamfs) {
    return "tmpfs/ramfs: WARNING, fsync is free here, durability figures are meaningless";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "filesystem type 0x%lx", static_cast<unsigned long>(fs.f_type));
  return buf;
}

// ---------------------------------------------------------------------------------------
// Names: a mix a US community STEM program sees (Spanish, Vietnamese, Arabic, English, East
// and South Asian, African, European). Earlier entries are drawn more often.

const std::vector<std::string> kGiven = {
    "Sofía", "Liam", "Minh", "Mohammed", "Olivia", "Mateo", "Ánh", "Fatima", "Noah",
    "Valentina", "Ngọc", "Aisha", "Emma", "Santiago", "Thảo", "Omar", "Ava", "Camila", "Phương",
    "Yousef", "Elijah", "Diego", "Hùng", "Layla", "Isabella", "Lucía", "Dũng", "Khalid",
    "James", "Joaquín", "Trâm", "Noor", "Amelia", "Ximena", "Huy", "Abdul-Rahman", "Lucas",
    "Andrés", "Khánh", "Zainab", "Mia", "Begoña", "Linh", "Hamza", "Benjamin", "José", "Quỳnh",
    "Mariam", "Harper", "María", "Thu", "Ibrahim", "Henry", "Guadalupe", "Bảo", "Amira",
    "Evelyn", "Jesús", "Đức", "Tariq", "Jackson", "Alejandro", "Tuấn", "Salma", "Abigail",
    "Renée", "Hương", "Yasmin", "Aiden", "Inés", "Trọng", "Ella", "Óscar", "Nhật", "Grace",
    "Martín", "Vy", "Wei", "Ramón", "Xiaoming", "Adrián", "Jing", "Julián", "Yuxuan", "Nicolás",
    "Zihan", "Sebastián", "Haoran", "Emilia", "Mei", "Aarav", "Priya", "Ananya", "Vihaan",
    "Ishaan", "Diya", "Chidi", "Amara", "Oluwaseun", "Kwame", "Ayodele", "Nia", "Zuri", "Chloé",
    "Zoë", "Léa", "Noémie", "Théo", "Maël", "Anaïs", "Jérôme", "Søren", "Björn", "Åsa",
    "Jürgen", "Łukasz", "Zoltán", "Juan Pablo", "María José", "Ngọc Anh", "Bảo Anh",
    "Ana Sofía", "Luis Ángel", "Gael", "Leonardo", "Emiliano", "Regina", "Renata", "Daniela",
    "Fernanda", "Valeria", "Jimena", "Paola", "Ángel", "Iker", "Maximiliano", "Rodrigo",
    "Tomás", "Agustín", "Catalina", "Antonella", "Florencia", "Paulina", "Rocío", "Fabián",
    "Héctor", "Raúl", "Nayeli", "Itzel", "Yaretzi", "An", "Bình", "Cường", "Giang", "Hải",
    "Hiếu", "Hòa", "Khoa", "Lâm", "Long", "Mai", "Nam", "Nga", "Nhung", "Oanh", "Phúc", "Quang",
    "Sơn", "Tâm", "Thắng", "Thanh", "Thủy", "Tiến", "Trang", "Trung", "Tú", "Uyên", "Việt",
    "Xuân", "Yến", "Ahmad", "Ali", "Hassan", "Hussein", "Mustafa", "Yasin", "Adam", "Zayd",
    "Bilal", "Rania", "Hiba", "Leen", "Nour", "Dalia", "Hana", "Maryam", "Sara", "Yara", "Jana",
    "Rami", "Karim", "Samir", "Nadia", "Farah", "Lina", "Sophia", "Charlotte", "Mason", "Ethan",
    "Logan", "Owen", "Wyatt", "Caleb", "Nora", "Hazel", "Aurora", "Violet", "Stella", "Luna",
    "Scarlett", "Madison", "Riley", "Hannah", "Jayden", "Carter", "Dylan", "Jun", "Hao", "Yan",
    "Xin", "Lan", "Ying", "Jia", "Hui", "Ming", "Tao", "Seo-yeon", "Min-jun", "Ji-woo",
    "Ha-eun", "Do-yun", "Yuna", "Haruto", "Sota", "Aoi", "Hina", "Arjun", "Rohan", "Saanvi",
    "Aditi", "Kavya", "Riya", "Aditya", "Kiran", "Meera", "Neha", "Adaeze", "Chinedu", "Ngozi",
    "Kofi", "Ama", "Abena", "Yaw", "Tunde", "Folake", "Emeka", "Makena", "Jabari", "Imani",
    "Tendai", "Élodie", "Gaëlle", "Cécile", "Hélène", "François", "Loïc", "Baptiste", "Céline",
    "Mathéo", "Inès"};

const std::vector<std::string> kFamily = {
    "García", "Nguyễn", "Smith", "Rodríguez", "Trần", "Al-Sayed", "Johnson", "Hernández", "Lê",
    "Haddad", "Williams", "López", "Phạm", "Khoury", "Brown", "Martínez", "Hoàng", "Abdullah",
    "Jones", "González", "Huỳnh", "Rahman", "Miller", "Pérez", "Phan", "Hussein", "Davis",
    "Sánchez", "Vũ", "Mansour", "Wilson", "Ramírez", "Võ", "El-Amin", "Anderson", "Muñoz",
    "Đặng", "Al-Masri", "Taylor", "Peña", "Bùi", "Nasser", "O'Brien", "Núñez", "Đỗ", "Qureshi",
    "Thompson", "Gutiérrez", "Hồ", "Saleh", "Moore", "Ibáñez", "Ngô", "Jackson", "Jiménez",
    "Dương", "White", "Vásquez", "Lý", "Harris", "Álvarez", "Clark", "Díaz", "Castañeda", "Kim",
    "Park", "Lee", "Choi", "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wu", "Patel", "Shah",
    "Singh", "Kumar", "Reddy", "Iyer", "Okafor", "Adeyemi", "Mensah", "Okonkwo", "Abebe",
    "Kowalski", "Nowak", "Müller", "Schmidt", "Dubois", "Lefèvre", "Rossi", "Søndergaard",
    "Öztürk", "Çelik", "Yılmaz", "Dvořák", "Flores", "Torres", "Rivera", "Gómez", "Morales",
    "Ortiz", "Cruz", "Reyes", "Ramos", "Ruiz", "Mendoza", "Vargas", "Castillo", "Romero",
    "Herrera", "Medina", "Aguilar", "Chávez", "Guzmán", "Rojas", "Contreras", "Domínguez",
    "Estrada", "Fuentes", "Ochoa", "Ávila", "Cárdenas", "Zúñiga", "Benítez", "Quiñones",
    "De la Cruz", "Đinh", "Đoàn", "Lương", "Trịnh", "Mai", "Cao", "Lâm", "Tô", "Hà", "Tạ",
    "Châu", "Kiều", "Quách", "Triệu", "Văn", "Abboud", "Darwish", "Farouk", "Ghanem", "Habib",
    "Hamdan", "Jaber", "Khalil", "Nassar", "Omari", "Rashid", "Sabbagh", "Shadid", "Tahan",
    "Zidan", "Bakr", "Al-Hashimi", "Martin", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Mitchell",
    "Campbell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
    "Edwards", "Stewart", "Murphy", "Cook", "Rogers", "Morgan", "Bell", "Murray", "Sullivan",
    "Fitzgerald", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin", "He", "Gao", "Luo",
    "Yamamoto", "Tanaka", "Sato", "Suzuki", "Nakamura", "Jung", "Kang", "Cho", "Yoon", "Gupta",
    "Mehta", "Joshi", "Desai", "Nair", "Rao", "Chaudhary", "Okeke", "Nwosu", "Boateng", "Owusu",
    "Diallo", "Traoré", "Kamara", "Mwangi", "Kariuki", "Tesfaye", "Nowicki", "Wiśniewski",
    "Kowalczyk", "Novák", "Horváth", "Schneider", "Fischer", "Weber", "Bernard", "Moreau",
    "Girard", "Ferrari", "Esposito", "Bianchi"};

const std::vector<std::string> kSchools = {
    "Escuela Primaria César Chávez", "Lincoln Elementary", "Roosevelt Middle School",
    "Dolores Huerta Academy", "Washington STEM Magnet", "Homeschool", "Jefferson K-8",
    "Little Saigon Charter", "Al-Noor Academy", "Sunrise Elementary"};

// What a volunteer types for an accented letter: its base letter, lowercase.
const std::vector<std::pair<std::string_view, char>> kFold = {
    {"Á", 'a'}, {"Å", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"Ó", 'o'}, {"Ö", 'o'}, {"à", 'a'},
    {"á", 'a'}, {"â", 'a'}, {"ç", 'c'}, {"è", 'e'}, {"é", 'e'}, {"ê", 'e'}, {"ë", 'e'},
    {"ì", 'i'}, {"í", 'i'}, {"ï", 'i'}, {"ñ", 'n'}, {"ò", 'o'}, {"ó", 'o'}, {"ô", 'o'},
    {"õ", 'o'}, {"ö", 'o'}, {"ø", 'o'}, {"ù", 'u'}, {"ú", 'u'}, {"ü", 'u'}, {"ý", 'y'},
    {"ă", 'a'}, {"Đ", 'd'}, {"ı", 'i'}, {"Ł", 'l'}, {"ř", 'r'}, {"ś", 's'}, {"ũ", 'u'},
    {"ơ", 'o'}, {"ư", 'u'}, {"ạ", 'a'}, {"ả", 'a'}, {"ấ", 'a'}, {"ầ", 'a'}, {"ậ", 'a'},
    {"ắ", 'a'}, {"ặ", 'a'}, {"ế", 'e'}, {"ề", 'e'}, {"ễ", 'e'}, {"ệ", 'e'}, {"ị", 'i'},
    {"ọ", 'o'}, {"ồ", 'o'}, {"ỗ", 'o'}, {"ờ", 'o'}, {"ủ", 'u'}, {"ứ", 'u'}, {"ỳ", 'y'}};

std::string TypedForm(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    bool found = false;
    for (const auto& [from, to] : kFold) {
      if (std::string_view(name).substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        found = true;
        break;
      }
    }
    if (!found) Die("no typed form for a letter of " + name + "; add it to kFold");
  }
  return out;
}

// Draws index i with weight 1/(i+1)^0.5: common names a few percent each, a long tail.
class Zipf {
 public:
  explicit Zipf(size_t n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      sum += 1.0 / std::sqrt(static_cast<double>(i + 1));
      cdf_.push_back(sum);
    }
    for (double& x : cdf_) x /= sum;
  }
  size_t operator()(std::mt19937& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()) %
           cdf_.size();
  }

 private:
  std::vector<double> cdf_;
};

struct RosterStudent {
  std::string given, family, phone, code;
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string BuildRoster(int people, std::mt19937& rng, std::vector<RosterStudent>& students) {
  Zipf given_pick(kGiven.size()), family_pick(kFamily.size());
  std::uniform_int_distribution<int> digit(0, 9);
  static const char kCodeAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::uniform_int_distribution<size_t> code_char(0, sizeof kCodeAlphabet - 2);
  std::set<std::string> codes;
  std::string csv =
      "First name,Last name,Date of birth,Grade,School,Parent name,Parent phone,Email,"
      "Confirmation code,Allergies\n";
  csv.reserve(static_cast<size_t>(people) * 140);
  students.reserve(static_cast<size_t>(people));
  std::string guardian, phone, email;
  for (int i = 0; i < people; ++i) {
    RosterStudent s;
    bool sibling = i > 0 && i % 8 == 0;  // shares the previous student's family
    s.given = kGiven[given_pick(rng)];
    if (sibling) {
      s.family = students.back().family;
    } else {
      s.family = kFamily[family_pick(rng)];
      // One family in ten has two family names (García Muñoz).
      if (rng() % 10 == 0) s.family += " " + kFamily[family_pick(rng)];
      std::string digits;
      for (int d = 0; d < 7; ++d) digits += static_cast<char>('0' + digit(rng));
      std::string area = std::to_string(200 + rng() % 800);
      switch (rng() % 3) {
        case 0: phone = "(" + area + ") " + digits.substr(0, 3) + "-" + digits.substr(3); break;
        case 1: phone = area + "-" + digits.substr(0, 3) + "-" + digits.substr(3); break;
        default: phone = "+1 " + area + " " + digits.substr(0, 3) + " " + digits.substr(3);
      }
      guardian = kGiven[given_pick(rng)] + " " + s.family;
      email = TypedForm(kGiven[given_pick(rng)]) + std::to_string(rng() % 1000) + "@example.org";
      for (char& c : email) {
        if (c == '\'' || c == ' ') c = '.';
      }
    }
    s.phone = phone;
    do {
      s.code.clear();
      for (int k = 0; k < 6; ++k) s.code += kCodeAlphabet[code_char(rng)];
    } while (!codes.insert(s.code).second);
    int grade = static_cast<int>(rng() % 12) + 1;
    char dob[16];
    std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", 2019 - grade,
                  static_cast<int>(rng() % 12) + 1, static_cast<int>(rng() % 28) + 1);
    csv += CsvField(s.given) + "," + CsvField(s.family) + "," + dob + "," +
           std::to_string(grade) + "," + CsvField(kSchools[rng() % kSchools.size()]) + "," +
           CsvField(guardian) + "," + phone + "," + email + "," + s.code + "," +
           (rng() % 9 == 0 ? "peanuts" : "none") + "\n";
    students.push_back(std::move(s));
  }
  return csv;
}

enum class QueryKind { kGivenPrefix, kFamilyPrefix, kTwoTokens, kPhone, kCode };
const char* KindName(QueryKind k) {
  switch (k) {
    case QueryKind::kGivenPrefix: return "given-name prefix";
    case QueryKind::kFamilyPrefix: return "family-name prefix";
    case QueryKind::kTwoTokens: return "\"given family\" prefixes";
    case QueryKind::kPhone: return "phone last 4";
    case QueryKind::kCode: return "confirmation code";
  }
  return "?";
}

struct Query {
  QueryKind kind;
  std::string text;
};

std::string Prefix(const std::string& typed, size_t n) { return typed.substr(0, n); }

std::vector<Query> BuildQueries(int count, const std::vector<RosterStudent>& students,
                                std::mt19937& rng) {
  std::uniform_int_distribution<size_t> who(0, students.size() - 1);
  std::uniform_int_distribution<size_t> len(1, 6);
  std::vector<Query> out;
  for (int i = 0; i < count; ++i) {
    const RosterStudent& s = students[who(rng)];
    unsigned roll = rng() % 100;
    Query q{QueryKind::kGivenPrefix, ""};
    if (roll < 33) {
      q = {QueryKind::kGivenPrefix, Prefix(TypedForm(s.given), len(rng))};
    } else if (roll < 63) {
      q = {QueryKind::kFamilyPrefix, Prefix(TypedForm(s.family), len(rng))};
    } else if (roll < 78) {
      q = {QueryKind::kTwoTokens,
           Prefix(TypedForm(s.given), len(rng)) + " " + Prefix(TypedForm(s.family), len(rng))};
    } else if (roll < 89) {
      std::string digits;
      for (char c : s.phone) {
        if (c >= '0' && c <= '9') digits += c;
      }
      q = {QueryKind::kPhone, digits.substr(digits.size() - 4)};
    } else {
      std::string code = s.code;
      if (rng() % 2 == 0) {
        for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      q = {QueryKind::kCode, code};
    }
    out.push_back(q);
  }
  return out;
}

// ---------------------------------------------------------------------------------------

struct Options {
  std::string dir = ".";
  int saves = 300;
  int people = 100000;
  int queries = 2000;
  bool keep = false;  // leave the database files behind, for a closer look
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  auto number = [&](int& i) {
    if (i + 1 >= argc) Die(std::string(argv[i]) + " needs a number");
    char* end = nullptr;
    long v = std::strtol(argv[++i], &end, 10);
    if (*end != '\0' || v < 1 || v > 10000000) Die(std::string("bad number: ") + argv[i]);
    return static_cast<int>(v);
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dir") {
      if (i + 1 >= argc) Die("--dir needs a folder");
      o.dir = argv[++i];
    } else if (a == "--saves") {
      o.saves = number(i);
    } else if (a == "--people") {
      o.people = number(i);
    } else if (a == "--queries") {
      o.queries = number(i);
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--quick") {
      o.saves = 30;
      o.people = 5000;
      o.queries = 300;
    } else if (a == "--help" || a == "-h") {
      std::printf(
          "usage: store-bench [--dir DIR] [--saves N] [--people N] [--queries N] [--quick] "
          "[--keep]\n"
          "  --dir DIR    where the database files go (default: the current folder; use a\n"
          "               real disk, not tmpfs: durability cost is the point)\n"
          "  --saves N    durable saves to time (default 300)\n"
          "  --people N   roster size for the type-ahead test (default 100000)\n"
          "  --queries N  type-ahead queries to time (default 2000)\n"
          "  --quick      small numbers, for a smoke run\n"
          "  --keep       leave the database files in DIR afterwards\n");
      std::exit(0);
    } else {
      Die("unknown option " + a + " (see --help)");
    }
  }
  return o;
}

void PrintRow(const char* label, const Stats& s) {
  std::printf("  %-34s %6zu %9.3f %9.3f %9.3f %9.3f %9.3f\n", label, s.n, s.p50, s.p95, s.p99,
              s.max, s.mean);
}

void PrintHeader() {
  std::printf("  %-34s %6s %9s %9s %9s %9s %9s\n", "", "n", "p50 ms", "p95 ms", "p99 ms",
              "max ms", "mean ms");
}

nlohmann::json RegistrationAnswers(int i) {
  return {{"student_given_name", i % 2 ? "Sofía" : "Minh"},
          {"student_family_name", i % 2 ? "García Muñoz" : "Nguyễn"},
          {"birth_date", "2014-05-17"},
          {"grade", std::to_string(i % 12 + 1)},
          {"school", "Escuela Primaria César Chávez"},
          {"guardian_name", "María Muñoz"},
          {"guardian_phone", "(555) 201-3344"},
          {"guardian_email", "maria.munoz@example.org"},
          {"preferred_language", "es"},
          {"allergies", i % 5 == 0 ? "cacahuetes (peanuts)" : ""},
          {"tshirt_size", "YM"},
          {"photo_consent", i % 3 != 0},
          {"how_heard", {"school_flyer", "friend"}},
          {"emergency_contact", "Luis García, (555) 201-9988"},
          {"interests", {"robotics", "chemistry", "coding"}}};
}

void DurableSave(const Options& o) {
  const std::string store_path = o.dir + "/store-bench-save.db";
  const std::string bare_path = o.dir + "/store-bench-bare.db";
  RemoveDb(store_path);
  RemoveDb(bare_path);
  {
    stem::Store store = Must(stem::Store::Create(store_path), "create the store");
    stem::Event event = Must(
        store.CreateEvent({"Feria de Ciencias", "fair", "2025-03-01", "2025-03-01", "Gym"}),
        "create an event");
    RawDb bare(bare_path);
    if (bare.QueryText("PRAGMA journal_mode = WAL") != "wal") Die("bare: WAL refused");
    bare.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    bare.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT NOT NULL)");
    sqlite3_stmt* begin = bare.Prepare("BEGIN");
    sqlite3_stmt* insert = bare.Prepare("INSERT INTO t(x) VALUES (?)");
    sqlite3_stmt* commit = bare.Prepare("COMMIT");

    size_t payload_bytes = 0;
    auto store_op = [&](int i) {
      stem::FormSubmission f;
      f.form_id = "registration";
      f.event_id = event.id;
      f.answers = RegistrationAnswers(i);
      auto t = SteadyClock::now();
      Must(store.SubmitForm(f), "save a form");
      return MsSince(t);
    };
    auto bare_op = [&](int i) {
      std::string body = RegistrationAnswers(i).dump();
      payload_bytes = body.size();
      auto t = SteadyClock::now();
      bare.StepDone(begin);
      sqlite3_bind_text(insert, 1, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
      bare.StepDone(insert);
      bare.StepDone(commit);
      return MsSince(t);
    };
    const int warmup = std::max(5, std::min(50, o.saves / 10));
    for (int i = 0; i < warmup; ++i) {
      store_op(i);
      bare_op(i);
    }
    // Interleaved, alternating which goes first, so both see the same disk conditions.
    std::vector<double> store_ms, bare_ms;
    for (int i = 0; i < o.saves; ++i) {
      if (i % 2 == 0) {
        store_ms.push_back(store_op(i));
        bare_ms.push_back(bare_op(i));
      } else {
        bare_ms.push_back(bare_op(i));
        store_ms.push_back(store_op(i));
      }
    }
    Stats s = Summarize(store_ms), b = Summarize(bare_ms);
    std::printf("\n(a) Durable save: %d saves after %d warm-up, interleaved; "
                "WAL + synchronous=FULL; answers %zu bytes JSON\n",
                o.saves, warmup, payload_bytes);
    PrintHeader();
    PrintRow("Store::SubmitForm (15 answers)", s);
    PrintRow("bare BEGIN;INSERT;COMMIT (disk)", b);
    std::printf("  ratio store/bare: mean %.2fx, median %.2fx   (target <= 1.25x)\n",
                s.mean / b.mean, s.p50 / b.p50);
  }
  if (!o.keep) {
    RemoveDb(store_path);
    RemoveDb(bare_path);
  }
}

void RosterTypeAhead(const Options& o) {
  const std::string path = o.dir + "/store-bench-roster.db";
  RemoveDb(path);
  std::mt19937 rng(20250301);
  std::vector<RosterStudent> students;
  std::string csv = BuildRoster(o.people, rng, students);
  std::vector<Query> queries = BuildQueries(o.queries, students, rng);
  std::string event_id;
  double import_ms = 0;
  {
    stem::Store store = Must(stem::Store::Create(path), "create the roster store");
    event_id = Must(store.CreateEvent({"STEM Summer Camp", "camp", "2025-07-07", "2025-07-11",
                                       "Community College"}),
                    "create an event")
                   .id;
    auto t = SteadyClock::now();
    stem::RosterImportReport report = Must(store.ImportRoster(event_id, csv), "import");
    import_ms = MsSince(t);
    if (report.students_added != o.people) Die("import added the wrong number of students");
  }
  std::printf("\n(b) Roster type-ahead: %d students (CSV %.1f MB), imported in %.0f ms "
              "(%.1f us/row); %d queries, fixed seed\n",
              o.people, static_cast<double>(csv.size()) / 1e6, import_ms,
              import_ms * 1000.0 / o.people, o.queries);

  // A fresh connection, as the kiosk has after a restart.
  stem::Store store = Must(stem::Store::Open(path), "open the roster store");
  for (size_t i = 0; i < std::min<size_t>(50, queries.size()); ++i) {
    Must(store.SearchRoster(event_id, queries[i].text, 20), "search");
  }
  std::vector<double> all;
  std::map<QueryKind, std::vector<double>> by_kind;
  std::vector<double> by_length[3];  // typed text of 1, 2, 3 or more characters
  std::map<QueryKind, int> empty_by_kind;
  int empty = 0;
  for (const Query& q : queries) {
    auto t = SteadyClock::now();
    std::vector<stem::RosterHit> hits = Must(store.SearchRoster(event_id, q.text, 20), "search");
    double ms = MsSince(t);
    all.push_back(ms);
    by_kind[q.kind].push_back(ms);
    by_length[std::min<size_t>(q.text.size(), 3) - 1].push_back(ms);
    if (hits.empty()) {
      ++empty;
      ++empty_by_kind[q.kind];
    }
  }

  // Baseline: what a LIKE scan over the people table costs on the same file.
  RawDb raw(path);
  sqlite3_stmt* like = raw.Prepare(
      "SELECT id, given_name, family_name, phone, confirmation_code FROM people "
      "WHERE event_id = ? AND role = 'student' AND (given_name LIKE ? || '%' OR "
      "family_name LIKE ? || '%' OR phone LIKE '%' || ? OR confirmation_code LIKE ? || '%') "
      "ORDER BY family_name, given_name LIMIT 20");
  auto run_like = [&](const std::string& text) {
    sqlite3_bind_text(like, 1, event_id.c_str(), -1, SQLITE_STATIC);
    for (int k = 2; k <= 5; ++k) sqlite3_bind_text(like, k, text.c_str(), -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(like)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) Die(std::string("LIKE query: ") + sqlite3_errmsg(raw.raw()));
    sqlite3_reset(like);
  };
  for (size_t i = 0; i < std::min<size_t>(10, queries.size()); ++i) run_like(queries[i].text);
  std::vector<double> like_ms;
  for (const Query& q : queries) {
    auto t = SteadyClock::now();
    run_like(q.text);
    like_ms.push_back(MsSince(t));
  }

  Stats s = Summarize(all), l = Summarize(like_ms);
  PrintHeader();
  PrintRow("Store::SearchRoster, all queries", s);
  for (const auto& [kind, v] : by_kind) {
    std::string label = std::string("  ") + KindName(kind);
    PrintRow(label.c_str(), Summarize(v));
  }
  PrintRow("  1-character queries", Summarize(by_length[0]));
  PrintRow("  2-character queries", Summarize(by_length[1]));
  PrintRow("  3+ character queries", Summarize(by_length[2]));
  PrintRow("LIKE scan baseline (sqlite3)", l);
  std::printf("  SearchRoster p99 %.2f ms   (target p99 < 16 ms, one frame)\n", s.p99);
  std::printf("  speed-up over LIKE: p50 %.1fx, p99 %.1fx\n", l.p50 / s.p50, l.p99 / s.p99);
  std::printf("  queries with no hit: %d of %zu", empty, queries.size());
  for (const auto& [kind, n] : empty_by_kind) std::printf("; %s %d", KindName(kind), n);
  std::printf("\n");
  if (!o.keep) RemoveDb(path);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = ParseArgs(argc, argv);
  std::error_code ec;
  if (!std::filesystem::is_directory(o.dir, ec)) Die("--dir " + o.dir + " is not a folder");
  std::printf("store-bench: dir %s (%s), SQLite %s\n",
              std::filesystem::absolute(o.dir, ec).string().c_str(), FsNote(o.dir).c_str(),
              sqlite3_libversion());
  DurableSave(o);
  RosterTypeAhead(o);
  return 0;
}
