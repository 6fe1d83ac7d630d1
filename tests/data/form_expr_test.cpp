#include "data/forms/form_expr.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace stem::forms {
namespace {

using json = nlohmann::json;

constexpr const char* kToday = "2026-07-01";

// The questions "earlier in the form" that the expressions under test may name.
std::optional<ExprType> Earlier(const std::string& id) {
  static const std::map<std::string, ExprType> kTypes = {
      {"n", ExprType::kNumber},     {"m", ExprType::kNumber},   {"a", ExprType::kNumber},
      {"b", ExprType::kNumber},     {"a-b", ExprType::kNumber}, {"name", ExprType::kString},
      {"color", ExprType::kString}, {"ok", ExprType::kBool},    {"flag", ExprType::kBool},
      {"dob", ExprType::kDate},     {"start", ExprType::kDate}, {"hobbies", ExprType::kChoices},
      {"kids", ExprType::kRepeat},  {"sig", ExprType::kOther},
  };
  auto it = kTypes.find(id);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

std::variant<Expression, ExprError> Compile(std::string_view text) {
  return Expression::Compile(text, Earlier);
}

Expression Compiled(std::string_view text) {
  auto r = Compile(text);
  if (auto* e = std::get_if<ExprError>(&r)) {
    ADD_FAILURE() << "'" << text << "' did not compile: " << e->position << ": " << e->message;
    return Expression();
  }
  return std::get<Expression>(std::move(r));
}

ExprError ErrorOf(std::string_view text) {
  auto r = Compile(text);
  if (auto* e = std::get_if<ExprError>(&r)) return *e;
  ADD_FAILURE() << "'" << text.substr(0, 80) << "' compiled but should not";
  return {};
}

bool Eval(const Expression& e, const json& answers, const std::string& today = kToday) {
  return e.IsTrue(
      [&](const std::string& id) -> const json* {
        auto it = answers.find(id);
        return it == answers.end() ? nullptr : &*it;
      },
      today);
}

bool Eval(std::string_view text, const json& answers, const std::string& today = kToday) {
  return Eval(Compiled(text), answers, today);
}

const json& Full() {
  static const json kAnswers = {
      {"n", 5},
      {"m", 2},
      {"a", 10},
      {"b", 3},
      {"a-b", 7},
      {"name", "Ada"},
      {"color", "red"},
      {"ok", true},
      {"flag", false},
      {"dob", "2010-07-01"},
      {"start", "2026-06-15"},
      {"hobbies", {"robotics", "art"}},
      {"kids", {{{"x", 1}}, {{"x", 2}}, {{"x", 3}}}},
      {"sig", {{"width", 10}, {"height", 10}, {"strokes", json::array()}}},
  };
  return kAnswers;
}

struct EvalCase {
  const char* text;
  bool expected;
};

void ExpectAll(const std::vector<EvalCase>& cases, const json& answers,
               const std::string& today = kToday) {
  for (const EvalCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Eval(c.text, answers, today), c.expected);
  }
}

TEST(FormExprEval, EveryOperator) {
  ExpectAll({{"n = 5", true},        {"n = 4", false},        {"n != 4", true},
             {"n != 5", false},      {"n < 6", true},         {"n < 5", false},
             {"n <= 5", true},       {"n <= 4", false},       {"n > 4", true},
             {"n > 5", false},       {"n >= 5", true},        {"n >= 6", false},
             {"n + m = 7", true},    {"n - m = 3", true},     {"n * m = 10", true},
             {"n / m = 2.5", true},  {"-n = 0 - 5", true},    {"- -n = 5", true},
             {"name = 'Ada'", true}, {"name = 'ada'", false}, {"name != 'ada'", true},
             {"ok = true", true},    {"flag = false", true},  {"ok != flag", true},
             {"ok = flag", false},   {"ok and flag", false},  {"ok and ok", true},
             {"ok or flag", true},   {"flag or flag", false}, {"not flag", true},
             {"not ok", false},      {"true", true},          {"false", false},
             {"3.5 * 2 = 7", true},  {"n = 5.0", true},       {"007 = 7", true},
             {"\tn\n=\r\n5 ", true}},
            Full());
}

TEST(FormExprEval, Precedence) {
  ExpectAll({{"n + m * 2 = 9", true},
             {"(n + m) * 2 = 14", true},
             {"n - m - 1 = 2", true},  // left to right
             {"n / m / 5 = 0.5", true},
             {"2 * 3 + 1 = 7", true},
             {"-n + 10 = 5", true},  // unary minus binds tightest
             {"-(n + 10) = -15", true},
             {"true or false and false", true},  // and before or
             {"(true or false) and false", false},
             {"not false and false", false},  // not before and
             {"not (false and false)", true},
             {"not n = 4", true},  // comparison before not
             {"not ok or ok", true},
             {"n > 1 and m > 1 or flag", true},
             {"n > 1 and (m > 2 or flag)", false},
             {"n + 1 > m * 3", false}},
            Full());
}

TEST(FormExprEval, NamesAreLexedGreedily) {
  // `a-b` is one name; subtraction needs spaces around '-'.
  ExpectAll({{"a-b = 7", true}, {"a - b = 7", true}, {"a-b - b = 4", true}, {"a -b = 7", true}},
            Full());
}

TEST(FormExprEval, Functions) {
  ExpectAll({{"selected(hobbies, 'art')", true},
             {"selected(hobbies, 'music')", false},
             {"selected(color, 'red')", true},
             {"selected(color, 'blue')", false},
             {"selected(hobbies, name)", false},
             {"count(hobbies) = 2", true},
             {"count(kids) = 3", true},
             {"count(kids) + count(hobbies) = 5", true},
             {"answered(n)", true},
             {"answered(hobbies)", true},
             {"answered(kids)", true},
             {"answered(sig)", true},
             {"today() = date('2026-07-01')", true},
             {"age(dob) = 16", true},
             {"age(date('2000-01-01')) = 26", true},
             {"age(start) = 0", true}},
            Full());
}

TEST(FormExprEval, Dates) {
  ExpectAll({{"start < today()", true},
             {"start > date('2026-06-14')", true},
             {"start >= date('2026-06-15')", true},
             {"start <= date('2026-06-14')", false},
             {"start != today()", true},
             {"start = today()", false},
             {"dob = date('2010-07-01')", true},
             {"date('2024-02-29') < date('2024-03-01')", true},
             {"date('1999-12-31') < date('2000-01-01')", true},
             {"date('2200-12-31') > today()", true}},
            Full());
}

TEST(FormExprEval, TextEscapes) {
  json answers = {{"name", "it's"}, {"color", "'"}};
  ExpectAll({{"name = 'it''s'", true},
             {"name = 'its'", false},
             {"color = ''''", true},
             {"'' = ''", true},
             {"'a''b' != 'a'", true},
             {"'a b' = 'a b'", true},
             {"'(not) and ''or''' = '(not) and ''or'''", true}},
            answers);
  EXPECT_TRUE(Eval("name = 'ñandú'", {{"name", "ñandú"}}));
}

TEST(FormExprEval, DivisionByZeroAndOverflowAreEmpty) {
  ExpectAll({{"n / 0 = 0", false},
             {"n / 0 != 0", false},
             {"n / 0 > 0", false},
             {"not (n / 0 = 0)", true},
             {"n / (m - 2) > 0", false},
             {"(n / 0) + 1 = 1", false},
             {"-(n / 0) < 1", false},
             {"0 / n = 0", true}},
            Full());
  const std::string huge(300, '9');
  EXPECT_FALSE(Eval(huge + " * " + huge + " > 0", Full()));  // infinite: empty
  EXPECT_TRUE(Eval(huge + " > 0", Full()));
}

TEST(FormExprEval, MissingAnswersAreEmpty) {
  ExpectAll({{"n = 5", false},
             {"n != 5", false},  // a comparison with empty is false
             {"not (n = 5)", true},
             {"n + 1 > 0", false},
             {"n * 0 = 0", false},
             {"-n < 0", false},
             {"not ok", true},  // and/or/not treat empty as false
             {"ok or true", true},
             {"ok and true", false},
             {"ok = false", false},
             {"name = ''", false},
             {"answered(n)", false},
             {"answered(sig)", false},
             {"not answered(sig)", true},
             {"count(kids) = 0", true},
             {"count(hobbies) = 0", true},
             {"selected(hobbies, 'art')", false},
             {"selected(hobbies, 'art') = false", true},  // nothing chosen: definitely not
             {"selected(color, 'red') = false", true},
             {"age(dob) >= 0", false},
             {"dob < today()", false},
             {"start = start", false}},
            json::object());
}

TEST(FormExprEval, NullEmptyTextAndEmptyListAreUnanswered) {
  json answers = {{"n", nullptr},
                  {"name", ""},
                  {"hobbies", json::array()},
                  {"kids", json::array()},
                  {"sig", json::object()}};
  ExpectAll({{"answered(n)", false},
             {"n = 0", false},
             {"answered(name)", false},
             {"name = ''", false},
             {"name != 'x'", false},
             {"answered(hobbies)", false},
             {"count(hobbies) = 0", true},
             {"answered(kids)", false},
             {"count(kids) = 0", true},
             {"answered(sig)", true}},
            answers);
}

TEST(FormExprEval, WrongShapesAreEmpty) {
  struct Case {
    json answers;
    const char* text;
    bool expected;
  };
  const std::vector<Case> cases = {
      {{{"n", "5"}}, "n = 5", false},
      {{{"n", "5"}}, "answered(n)", true},
      {{{"n", true}}, "n = 1", false},
      {{{"n", {1, 2}}}, "n > 0", false},
      {{{"ok", "true"}}, "ok = true", false},
      {{{"ok", "true"}}, "not ok", true},
      {{{"ok", 1}}, "ok", false},
      {{{"name", 5}}, "name = '5'", false},
      {{{"name", 5}}, "name != 'x'", false},
      {{{"color", {"red"}}}, "selected(color, 'red')", false},
      {{{"color", {"red"}}}, "selected(color, 'red') = false", false},
      {{{"dob", "2010-13-01"}}, "age(dob) >= 0", false},
      {{{"dob", "2010-7-1"}}, "dob < today()", false},
      {{{"dob", 20100701}}, "dob < today()", false},
      {{{"dob", "1850-01-01"}}, "dob < today()", false},  // outside 1900-2200
      {{{"hobbies", "art"}}, "selected(hobbies, 'art')", false},
      {{{"hobbies", "art"}}, "not selected(hobbies, 'art')", true},
      {{{"hobbies", "art"}}, "count(hobbies) >= 0", false},
      {{{"hobbies", {"art", 3}}}, "selected(hobbies, 'art')", false},
      {{{"hobbies", {"art", 3}}}, "count(hobbies) >= 0", false},
      {{{"hobbies", {{{"x", 1}}}}}, "count(hobbies) = 1", false},
      {{{"kids", {1, 2}}}, "count(kids) >= 0", false},
      {{{"kids", {{"x", 1}}}}, "count(kids) >= 0", false},
      {{{"kids", 3}}, "count(kids) = 3", false},
      {{{"kids", 3}}, "answered(kids)", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " with " + c.answers.dump());
    EXPECT_EQ(Eval(c.text, c.answers), c.expected);
  }
}

TEST(FormExprEval, AgeCountsWholeYearsAcrossBirthdays) {
  struct Case {
    const char* dob;
    const char* today;
    int age;  // -1: no age (born after today)
  };
  const std::vector<Case> cases = {
      {"2010-07-01", "2026-07-01", 16},  // birthday today
      {"2010-07-02", "2026-07-01", 15},  // birthday tomorrow
      {"2010-06-30", "2026-07-01", 16},  // birthday yesterday
      {"2010-12-31", "2026-01-01", 15},  {"2010-01-01", "2026-12-31", 16},
      {"2008-02-29", "2026-02-28", 17},  // leap-day birthday: counts from 1 March
      {"2008-02-29", "2026-03-01", 18},  {"2008-02-29", "2028-02-29", 20},
      {"2026-07-01", "2026-07-01", 0},   {"2026-06-30", "2026-07-01", 0},
      {"1900-01-01", "2200-12-31", 300}, {"2026-07-02", "2026-07-01", -1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.dob) + " on " + c.today);
    json answers = {{"dob", c.dob}};
    if (c.age < 0) {
      EXPECT_FALSE(Eval("age(dob) >= 0", answers, c.today));
      EXPECT_FALSE(Eval("age(dob) < 0", answers, c.today));
      continue;
    }
    const std::string is = "age(dob) = " + std::to_string(c.age);
    EXPECT_TRUE(Eval(is, answers, c.today));
    EXPECT_FALSE(Eval("age(dob) = " + std::to_string(c.age + 1), answers, c.today));
  }
}

TEST(FormExprEval, InvalidTodayMakesTodayAndAgeEmpty) {
  for (const char* today : {"", "2026-02-30", "today", "2026-07-01T00:00:00Z"}) {
    SCOPED_TRACE(today);
    EXPECT_FALSE(Eval("today() = today()", Full(), today));
    EXPECT_FALSE(Eval("age(dob) >= 0", Full(), today));
    EXPECT_TRUE(Eval("not (today() > dob)", Full(), today));
    EXPECT_TRUE(Eval("date('2000-01-01') = date('2000-01-01')", Full(), today));
  }
}

TEST(FormExprEval, NeverThrows) {
  Expression e = Compiled("n > 1 and answered(kids)");
  EXPECT_FALSE(
      e.IsTrue([](const std::string&) -> const json* { throw std::runtime_error("x"); }, kToday));
  EXPECT_FALSE(e.IsTrue(nullptr, kToday));
  EXPECT_FALSE(Expression().IsTrue(nullptr, kToday));
  EXPECT_TRUE(Compiled("not answered(n)").IsTrue(nullptr, kToday));
}

TEST(FormExprCompile, ReferencesInOrderOfFirstAppearance) {
  Expression e = Compiled("n > m and answered(n) and selected(hobbies, name) or count(kids) > m");
  EXPECT_EQ(e.references(), (std::vector<std::string>{"n", "m", "hobbies", "name", "kids"}));
  EXPECT_EQ(e.text(), "n > m and answered(n) and selected(hobbies, name) or count(kids) > m");
  EXPECT_TRUE(Compiled("today() > date('2000-01-01')").references().empty());
}

TEST(FormExprCompile, MissingTypeLookupKnowsNoQuestions) {
  auto r = Expression::Compile("n = 1", nullptr);
  ASSERT_TRUE(std::holds_alternative<ExprError>(r));
  EXPECT_NE(std::get<ExprError>(r).message.find("unknown question 'n'"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<Expression>(Expression::Compile("1 < 2", nullptr)));
}

struct ErrorCase {
  std::string text;
  size_t position;
  const char* message;  // a substring of the message
};

void ExpectErrors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 80));
    ExprError e = ErrorOf(c.text);
    EXPECT_EQ(e.position, c.position) << e.message;
    EXPECT_NE(e.message.find(c.message), std::string::npos) << e.message;
  }
}

TEST(FormExprCompile, UnknownAndLaterQuestions) {
  ExpectErrors({
      {"foo = 1", 0, "unknown question 'foo' (only earlier questions can be named)"},
      {"n = 1 and later > 2", 10, "unknown question 'later'"},
      {"a-b-c = 1", 0, "unknown question 'a-b-c'"},
      {"n-m = 1", 0, "put spaces around '-'"},
      {"today = 1", 0, "unknown question 'today'"},
      {"count(nope) = 1", 6, "unknown question 'nope'"},
      {"selected(hobbies, nope)", 18, "unknown question 'nope'"},
  });
}

TEST(FormExprCompile, TypeErrors) {
  ExpectErrors({
      {"n = 'x'", 2, "cannot compare a number with text"},
      {"dob = 3", 4, "cannot compare a date with a number"},
      {"ok != 1", 3, "cannot compare a true/false value with a number"},
      {"start < name", 6, "cannot compare a date with text"},
      {"name < 'b'", 5, "'<' compares numbers or dates, not text"},
      {"ok >= false", 3, "'>=' compares numbers or dates, not a true/false value"},
      {"n + name = 1", 2, "'+' needs numbers on both sides, but its right side is text"},
      {"name * 2 = 1", 5, "'*' needs numbers on both sides, but its left side is text"},
      {"dob - 1 = 1", 4, "'-' needs numbers on both sides, but its left side is a date"},
      {"n / ok = 1", 2, "'/' needs numbers"},
      {"n and ok", 2, "'and' needs true/false values on both sides, but its left side is a number"},
      {"ok or 1", 3, "'or' needs true/false values on both sides, but its right side is a number"},
      {"not n", 0, "'not' needs a true/false value, not a number"},
      {"-ok", 0, "'-' needs a number, not a true/false value"},
      {"n + 1", 0, "the expression must be true or false, but it gives a number"},
      {"  name", 2, "must be true or false, but it gives text"},
      {"today()", 0, "must be true or false, but it gives a date"},
      {"hobbies = 'x'", 0, "'hobbies' is a multiple-choice question; use it only in selected("},
      {"n = 1 or count(kids) > 0 and kids", 29, "'kids' is a repeat group"},
      {"sig = 1", 0, "use it only in answered(sig)"},
      {"count(n) > 1", 6,
       "count() needs a repeat group or a multiple-choice question, but 'n' "
       "holds a number"},
      {"selected(n, 'x')", 9, "selected() needs a choice question, but 'n' holds a number"},
      {"selected(dob, 'x')", 9, "but 'dob' holds a date"},
      {"selected(hobbies, 3)", 18, "selected() needs text as its second argument"},
      {"selected(hobbies, hobbies)", 18, "'hobbies' is a multiple-choice question"},
      {"answered(1)", 9, "answered() needs a question's id"},
      {"count(n + 1) = 1", 6, "count() needs a question's id"},
      {"age(n) > 3", 4, "age() needs a date, like age(birth_date), not a number"},
      {"age(dob)", 0, "must be true or false, but it gives a number"},
      {"date('2026-02-30') = today()", 5, "invalid date '2026-02-30'"},
      {"date('2026-7-1') < today()", 5, "invalid date '2026-7-1'"},
      {"date('1899-12-31') < today()", 5, "years 1900 to 2200"},
      {"date('') < today()", 5, "invalid date ''"},
      {"date(name) = today()", 5, "date() needs a date in quotes"},
      {"date('2026' + '-01-01') = today()", 5, "date() needs a date in quotes"},
  });
}

TEST(FormExprCompile, ParenthesesAroundAQuestionArgumentAreFine) {
  EXPECT_TRUE(Eval("answered((n))", Full()));
}

TEST(FormExprCompile, ArityAndUnknownFunctions) {
  ExpectErrors({
      {"selected(hobbies)", 0, "selected() takes 2 arguments"},
      {"selected(hobbies, 'a', 'b')", 0, "selected() takes 2 arguments"},
      {"n = 1 and today(1) = today()", 10, "today() takes no arguments"},
      {"count(kids, hobbies) = 1", 0, "count() takes 1 argument"},
      {"count() = 1", 0, "count() takes 1 argument"},
      {"answered()", 0, "answered() takes 1 argument"},
      {"age() > 1", 0, "age() takes 1 argument"},
      {"date() = today()", 0, "date() takes 1 argument"},
      {"bar(n)", 0, "unknown function 'bar'"},
      {"ok and max(n, m) > 1", 7, "unknown function 'max'"},
  });
}

TEST(FormExprCompile, SyntaxErrors) {
  ExpectErrors({
      {"", 0, "unexpected end of expression"},
      {"   ", 3, "unexpected end of expression"},
      {"(n = 1", 6, "unexpected end of expression: expected ')'"},
      {"n = ", 4, "unexpected end of expression"},
      {"n = 1 and", 9, "unexpected end of expression"},
      {"not", 3, "unexpected end of expression"},
      {"(", 1, "unexpected end of expression"},
      {"count(kids", 10, "unexpected end of expression: expected ',' or ')'"},
      {"n = 1)", 5, "unexpected ')'"},
      {"n = 1 ok", 6, "unexpected 'ok'"},
      {"ok 'x'", 3, "unexpected text 'x'"},
      {"(n = 1 ok", 7, "expected ')', found 'ok'"},
      {"count(kids ok", 11, "expected ',' or ')', found 'ok'"},
      {"selected(hobbies, 'a',)", 22, "expected a value, found ')'"},
      {"n = )", 4, "expected a value, found ')'"},
      {"n = ,", 4, "expected a value, found ','"},
      {"* 2 = n", 0, "expected a value, found '*'"},
      {"1 < n < 3", 6, "comparisons cannot be chained"},
      {"ok = ok = ok", 8, "comparisons cannot be chained"},
      {"n = not ok", 4, "'not' cannot start an operand here"},
      {"n == 1", 2, "use '=' to compare, not '=='"},
      {"!ok", 0, "use 'not' instead of '!'"},
      {"ok && ok", 3, "use 'and' instead of '&'"},
      {"ok || ok", 3, "use 'or' instead of '|'"},
      {"name = \"x\"", 7, "single quotes"},
      {"N = 1", 0, "unexpected character 'N' (names and words are lowercase)"},
      {"n = 1 AND ok", 6, "unexpected character 'A'"},
      {"n = 1 # note", 6, "unexpected character '#'"},
      {"name = \xC3\xA9", 7, "unexpected byte 0xC3"},
      {"name = 'abc", 7, "text is missing its closing quote"},
      {"name = 'it''s", 7, "text is missing its closing quote"},
      {"n = 2a", 4, "malformed number '2a'"},
      {"n = 1.2.3", 4, "malformed number '1.2.'"},
      {"n = 3.", 4, "malformed number '3.'"},
      {"n = 3_0", 4, "malformed number"},
      {"n = .5", 4, "unexpected character '.'"},
      {"n = " + std::string(400, '9'), 4, "is out of range"},
      {"_x = 1", 0, "unexpected character '_'"},
      {"9lives = 1", 0, "malformed number"},
  });
}

TEST(FormExprCompile, MessagesQuoteOnlyPrintableText) {
  ExprError e = ErrorOf("ok '\xff\x01 and a very long text that goes on and on'");
  EXPECT_EQ(e.position, 3u);
  EXPECT_NE(e.message.find("unexpected text '?? and a very long text that g...'"),
            std::string::npos)
      << e.message;
}

TEST(FormExprBounds, LengthLimit) {
  EXPECT_EQ(Compiled("ok" + std::string(Expression::kMaxLength - 2, ' ')).text().size(),
            Expression::kMaxLength);
  EXPECT_TRUE(Eval("name = '" + std::string(1990, 'x') + "'", {{"name", std::string(1990, 'x')}}));
  ExpectErrors({
      {"ok" + std::string(Expression::kMaxLength - 1, ' '), 2000,
       "expression is longer than 2000 characters"},
      {std::string(100000, '('), 2000, "longer than 2000"},
      {[] {
         std::string s;
         for (int i = 0; i < 10000; ++i) s += "not ";
         return s + "ok";
       }(),
       2000, "longer than 2000"},
  });
}

std::string Repeat(const std::string& s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

TEST(FormExprBounds, NestingLimit) {
  // 32 levels are fine, the 33rd is refused where it opens.
  EXPECT_TRUE(Eval(Repeat("(", 32) + "ok" + Repeat(")", 32), Full()));
  EXPECT_TRUE(Eval(Repeat("not ", 32) + "ok", Full()));
  EXPECT_TRUE(Eval(Repeat("- ", 32) + "n = 5", Full()));
  EXPECT_TRUE(Eval("selected(color, " + Repeat("(", 31) + "'red'" + Repeat(")", 31) + ")", Full()));
  ExpectErrors({
      {Repeat("(", 33) + "ok" + Repeat(")", 33), 32,
       "expression is nested too deeply (more than 32 levels)"},
      {Repeat("not ", 33) + "ok", 128, "nested too deeply"},
      {Repeat("- ", 33) + "n = 5", 64, "nested too deeply"},
      {Repeat("not (", 17) + "ok" + Repeat(")", 17), 80, "nested too deeply"},
      {"selected(color, " + Repeat("(", 32) + "'red'" + Repeat(")", 32) + ")", 47,
       "nested too deeply"},
      {Repeat("(", 1999), 500, "more than 500"},  // counted before parsing
      {Repeat("not ", 499) + "ok", 128, "nested too deeply"},
  });
}

TEST(FormExprBounds, TokenLimit) {
  // "-n" and " + n" 248 times and " > 0": exactly 500 tokens, in under 1000 characters.
  const std::string at_limit = "-n" + Repeat(" + n", 248) + " > 0";
  EXPECT_TRUE(Eval(at_limit, Full()));  // -5 + 248 * 5 > 0
  ExpectErrors(
      {{at_limit + " and ok", at_limit.size() + 1, "expression is too long: more than 500"}});
  // Long flat chains are not nesting: they evaluate without deep recursion limits.
  EXPECT_TRUE(Eval("ok" + Repeat(" and ok", 249), Full()));
  EXPECT_FALSE(Eval("ok" + Repeat(" and ok", 248) + " and flag", Full()));
}

TEST(FormExprBounds, HostileInputNeverCrashes) {
  const std::vector<std::string> fixed = {
      std::string(1, '\0'),
      "'",
      "''''",
      "(((",
      ")))",
      "not not",
      "- - -",
      "selected(",
      "count(,)",
      "date('",
      "age(age(dob))",
      std::string("n = 1\0", 6),
      "\xff\xfe\xfd",
      "a-",
      "a- 1 = 1",
      "1-1 = 0",
      "n = 1e5",
      "0x10 = 16",
      "--n = 5",
  };
  for (const std::string& text : fixed) (void)Compile(text);
  EXPECT_TRUE(Eval("1-1 = 0", Full()));
  EXPECT_TRUE(Eval("--n = 5", Full()));

  // Random strings over the language's own pieces reach deep into the parser and checker.
  const std::vector<std::string> pieces = {
      "n",    "m",     "name", "ok",        "dob",    "hobbies",   "kids",    "sig",
      "a-b",  "(",     ")",    ",",         "not",    "and",       "or",      "=",
      "!=",   "<",     ">=",   "+",         "-",      "*",         "/",       "0",
      "2.5",  "'red'", "true", "selected(", "count(", "answered(", "today()", "date('2026-07-01')",
      "age(", " "};
  const std::vector<json> answer_sets = {
      json::object(), Full(), {{"n", "x"}, {"hobbies", 3}, {"kids", "y"}, {"dob", 1}}};
  std::mt19937 random(12345);
  int compiled = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 12) + 1;
    for (int j = 0; j < length; ++j) text += pieces[random() % pieces.size()] + " ";
    auto r = Compile(text);
    if (auto* e = std::get_if<Expression>(&r)) {
      ++compiled;
      for (const json& answers : answer_sets) (void)Eval(*e, answers);
    } else {
      EXPECT_LE(std::get<ExprError>(r).position, text.size());
    }
  }
  EXPECT_GT(compiled, 50);
}

}  // namespace
}  // namespace stem::forms
