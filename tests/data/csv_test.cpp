// Tests for data/csv: RFC 4180 reading and writing.
#include "data/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stem::csv {
namespace {

struct ParseCase {
  const char* name;
  std::string input;
  std::vector<Row> expected;
};

void ExpectRows(const std::vector<Row>& expected, const std::vector<Row>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(expected[i].line, actual[i].line);
    EXPECT_EQ(expected[i].fields, actual[i].fields);
  }
}

TEST(LogicCsv, ParsesWellFormedInput) {
  const std::vector<ParseCase> cases = {
      {"empty", "", {}},
      {"only newlines", "\n\r\n\n", {}},
      {"one field no newline", "a", {{1, {"a"}}}},
      {"lf", "a,b\nc,d\n", {{1, {"a", "b"}}, {2, {"c", "d"}}}},
      {"crlf", "a,b\r\nc,d\r\n", {{1, {"a", "b"}}, {2, {"c", "d"}}}},
      {"mixed line ends", "a\r\nb\nc", {{1, {"a"}}, {2, {"b"}}, {3, {"c"}}}},
      {"bom", "\xEF\xBB\xBFname,x\n1,2\n", {{1, {"name", "x"}}, {2, {"1", "2"}}}},
      {"bom only", "\xEF\xBB\xBF", {}},
      {"blank lines skipped, line numbers kept",
       "a\n\n\nb\r\n\r\nc\n",
       {{1, {"a"}}, {4, {"b"}}, {6, {"c"}}}},
      {"leading blank lines", "\n\nx,y\n", {{3, {"x", "y"}}}},
      {"empty fields", ",a,,\n", {{1, {"", "a", "", ""}}}},
      {"lone comma", ",\n", {{1, {"", ""}}}},
      {"quoted empty field is not a blank line", "\"\"\n", {{1, {""}}}},
      {"quoted empty at eof", "a\n\"\"", {{1, {"a"}}, {2, {""}}}},
      {"quoted comma", "\"a,b\",c\n", {{1, {"a,b", "c"}}}},
      {"doubled quote", "\"say \"\"hi\"\"\",x\n", {{1, {"say \"hi\"", "x"}}}},
      {"only a doubled quote", "\"\"\"\"\n", {{1, {"\""}}}},
      {"quoted lf", "\"line1\nline2\",z\nnext\n", {{1, {"line1\nline2", "z"}}, {3, {"next"}}}},
      {"quoted crlf kept verbatim", "\"a\r\nb\"\r\nc\r\n", {{1, {"a\r\nb"}}, {3, {"c"}}}},
      {"several multi-line fields",
       "h1,h2\n\"x\n\ny\",\"p\nq\"\nlast,row\n",
       {{1, {"h1", "h2"}}, {2, {"x\n\ny", "p\nq"}}, {6, {"last", "row"}}}},
      {"blank line after multi-line row",
       "\"a\nb\"\n\nc\n",
       {{1, {"a\nb"}}, {4, {"c"}}}},
      {"spaces are kept", " a , b \n", {{1, {" a ", " b "}}}},
      {"utf-8 text", "Jos\xC3\xA9,\xF0\x9F\x9A\x80\n", {{1, {"Jos\xC3\xA9", "\xF0\x9F\x9A\x80"}}}},
      {"quoted field then crlf", "\"a\"\r\n\"b\"\r\n", {{1, {"a"}}, {2, {"b"}}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = Parse(c.input);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ExpectRows(c.expected, parsed.value());
  }
}

struct ErrorCase {
  const char* name;
  std::string input;
  std::string reason;
  std::string detail_prefix;  // the line number the user is pointed to
};

TEST(LogicCsv, RejectsMalformedInputWithLineNumber) {
  const std::vector<ErrorCase> cases = {
      {"unterminated quote", "a,b\nc,\"open\nmore\nstill\n", "csv_quote", "line 2:"},
      {"unterminated quote on first line", "\"abc", "csv_quote", "line 1:"},
      {"unterminated after multi-line row", "\"x\ny\"\nz\n\"open", "csv_quote", "line 4:"},
      {"quote inside unquoted field", "ok\nab\"c\n", "csv_quote", "line 2:"},
      {"text after closing quote", "ok\n\"ab\"c\n", "csv_quote", "line 2:"},
      {"space after closing quote", "\"ab\" ,c\n", "csv_quote", "line 1:"},
      {"stray quote after multi-line field", "\"a\nb\",c\nd\"e\n", "csv_quote", "line 3:"},
      {"stray quote after blank lines", "a\n\n\nb\"\n", "csv_quote", "line 4:"},
      {"nul byte", std::string("a,b\nc,d\ne\0f\n", 12), "csv_binary", "line 3:"},
      {"nul byte on first line", std::string("\0", 1), "csv_binary", "line 1:"},
      {"nul byte inside quoted field", std::string("a\n\"x\n\0\"\n", 8), "csv_binary",
       "line 3:"},
      {"invalid utf-8 (latin-1)", "name\nJos\xE9\n", "csv_encoding", "line 2:"},
      {"invalid utf-8 in quoted field", "a\n\"\xC3\"\n", "csv_encoding", "line 2:"},
      {"invalid utf-8 in last field without newline", "a\nb,\xFF", "csv_encoding", "line 2:"},
      {"invalid utf-8 after multi-line row", "\"a\nb\"\nx,\xC0\xAF\n", "csv_encoding",
       "line 3:"},
      {"utf-16 bom", "\xFF\xFEh\n", "csv_encoding", "line 1:"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = Parse(c.input);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(Status::Code::kInvalidArgument, parsed.status().code());
    EXPECT_EQ(c.reason, parsed.status().reason());
    EXPECT_EQ(0u, parsed.status().detail().rfind(c.detail_prefix, 0))
        << parsed.status().detail();
  }
}

TEST(LogicCsv, EscapeField) {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::vector<Case> cases = {
      {"", ""},
      {"plain", "plain"},
      {"with space", "with space"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rinside", "\"cr\rinside\""},
      {"crlf\r\n", "\"crlf\r\n\""},
      {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
      {"+1 555 0100", "'+1 555 0100"},
      {"-5", "'-5"},
      {"@cmd", "'@cmd"},
      {"\tx", "'\tx"},
      {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
      {"=1,2", "\"'=1,2\""},
      {"a=b", "a=b"},
      {"x-y", "x-y"},
      {"'already", "'already"},
      {"Jos\xC3\xA9", "Jos\xC3\xA9"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(c.out, EscapeField(c.in));
  }
}

TEST(LogicCsv, JoinRow) {
  EXPECT_EQ("", JoinRow({}));
  EXPECT_EQ("a", JoinRow({"a"}));
  EXPECT_EQ("a,,b", JoinRow({"a", "", "b"}));
  EXPECT_EQ("\"a,b\",'=c,\"d\"\"\"", JoinRow({"a,b", "=c", "d\""}));
}

bool StartsFormula(const std::string& s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                        s[0] == '\t' || s[0] == '\r');
}

TEST(LogicCsv, RoundTripsHostileStringsByteExact) {
  const std::vector<std::string> hostile = {
      "",
      "plain",
      "\"",
      "\"\"",
      "\"quoted\"",
      "a \"quote\" in the middle",
      "comma, separated",
      "Robert'); DROP TABLE students;--",
      "'; DROP TABLE people; --",
      "line\nbreak",
      "windows\r\nbreak",
      "\n",
      "\r\n",
      "trailing cr\r",
      "  padded  ",
      "emoji \xF0\x9F\x9A\x80\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC",
      // Arabic and Hebrew right-to-left names, one with an explicit RLO override.
      "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xB9\xD9\x84\xD9\x8A",
      "\xD7\xA9\xD7\xA8\xD7\x94 \xD7\x9B\xD7\x94\xD7\x9F",
      "\xE2\x80\xAE" "evil" "\xE2\x80\xAC",
      "=cmd|' /C calc'!A0",
      "+SUM(1)",
      "-1",
      "@SUM(1)",
      "\tTabbed",
      "\rCR first",
      "end with comma,",
      ",",
      "Nguy\xE1\xBB\x85n",
      std::string(10000, 'x'),
      std::string(5000, '"'),
      std::string(3000, ',') + std::string(3000, '\n'),
  };
  // Every string alone as the middle of a row, and all of them in one row.
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : hostile) rows.push_back({"before", s, "after"});
  rows.push_back(hostile);
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "\xD7\xA9\"x,\n";
  rows.push_back({big});

  for (size_t r = 0; r < rows.size(); ++r) {
    SCOPED_TRACE("row " + std::to_string(r));
    const auto& fields = rows[r];
    auto parsed = Parse(JoinRow(fields) + "\r\n");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ASSERT_EQ(1u, parsed->size());
    EXPECT_EQ(1, (*parsed)[0].line);
    const auto& got = (*parsed)[0].fields;
    ASSERT_EQ(fields.size(), got.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      SCOPED_TRACE("field " + std::to_string(i));
      std::string want = StartsFormula(fields[i]) ? "'" + fields[i] : fields[i];
      EXPECT_EQ(want, got[i]);
    }
  }
}

TEST(LogicCsv, RoundTripsManyRowsWithLineNumbers) {
  // Rows joined with CRLF; each row's line is one more than the previous row's last line.
  std::vector<std::vector<std::string>> rows = {
      {"id", "note"}, {"1", "one\ntwo"}, {"2", "x"}, {"3", "a\r\nb\r\nc"}, {"4", ""}};
  std::string text;
  for (const auto& r : rows) text += JoinRow(r) + "\r\n";
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(rows.size(), parsed->size());
  const std::vector<int> lines = {1, 2, 4, 5, 8};
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(lines[i], (*parsed)[i].line);
    EXPECT_EQ(rows[i], (*parsed)[i].fields);
  }
}

}  // namespace
}  // namespace stem::csv
