// The export writers on their own: tables never share a file, text is guarded against
// formulas recoverably, and nothing is left behind unless Finish() ran.
#include "sync/hub/export/file_writer.h"
#include "sync/hub/export/table_sink.h"

#include <gtest/gtest.h>

#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using hub::table::Cell;

TEST(TableSink, TwoTablesOfTheSameNameGetTwoFiles) {
  TempDir dir;
  std::string out = dir.File("export");
  auto sink = hub::OpenCsvFolder({out, false, false, ""});
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  auto a = (*sink)->Begin("people", {{"name", 10}});
  auto b = (*sink)->Begin("people", {{"question", 10}});  // a form whose id is "people"
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*sink)->Row(*a, {Cell::Text("Ana")}).ok());
  ASSERT_TRUE((*sink)->Row(*b, {Cell::Text("=1+1")}).ok());
  EXPECT_FALSE(Exists(out));  // nothing in place before Finish
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(ReadBytes(out + "/people.csv"), "\"name\"\r\n\"Ana\"\r\n");
  EXPECT_EQ(ReadBytes(out + "/people~2.csv"), "\"question\"\r\n\"'=1+1\"\r\n");
}

TEST(TableSink, AnUnfinishedExportLeavesNothing) {
  TempDir dir;
  std::string out = dir.File("book.xlsx");
  {
    auto sink = hub::OpenXlsxWorkbook({out, false, true, ""});
    ASSERT_TRUE(sink.ok());
    auto t = (*sink)->Begin("people", {{"name", 10}});
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE((*sink)->Row(*t, {Cell::Text("Ana")}).ok());
  }  // dropped: as when an export fails half way
  EXPECT_FALSE(Exists(out));
  for (const auto& e : std::filesystem::directory_iterator(dir.File(""))) {
    ADD_FAILURE() << "left behind: " << e.path();
  }
}

TEST(TableSink, FormulaGuardIsRecoverable) {
  for (const std::string text : {"=SUM(A1)", "+1 555", "-2+3", "@x", "\tx", "\rx", "'quoted"}) {
    EXPECT_TRUE(hub::table::NeedsFormulaGuard(text)) << text;
    EXPECT_EQ(hub::table::NeutraliseFormula(text), "'" + text);
    EXPECT_EQ(hub::table::NeutraliseFormula(text).substr(1), text);
  }
  for (const std::string text : {"", "Ana", "1+1", "María = mom"}) {
    EXPECT_FALSE(hub::table::NeedsFormulaGuard(text)) << text;
    EXPECT_EQ(hub::table::NeutraliseFormula(text), text);
  }
}

// Signature files go out on a thread of their own, with bounded memory; the first failure is
// kept and reported, and nothing more is queued after it.
TEST(TableSink, AttachmentsAreWrittenInTheBackgroundAndAFailureIsReported) {
  TempDir dir;
  {
    hub::BackgroundFileWriter writer("the test", 64);  // two files' worth: Put() must wait
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(writer.Put(dir.File("f" + std::to_string(i) + ".svg"),
                             std::string(30, static_cast<char>('a' + i % 26))).ok());
    }
    ASSERT_TRUE(writer.Finish().ok());
  }
  for (int i = 0; i < 200; i += 37) {
    EXPECT_EQ(ReadBytes(dir.File("f" + std::to_string(i) + ".svg")),
              std::string(30, static_cast<char>('a' + i % 26)));
  }
  hub::BackgroundFileWriter writer("the test");
  ASSERT_TRUE(writer.Put(dir.File("f1.svg"), "again").ok());  // exists: refused on the thread
  Status finished = writer.Finish();
  EXPECT_EQ(finished.code(), Status::Code::kIoError);
  EXPECT_NE(finished.ToString().find("f1.svg"), std::string::npos) << finished.ToString();
  EXPECT_EQ(ReadBytes(dir.File("f1.svg")), std::string(30, 'b')) << "an existing file is kept";
  EXPECT_FALSE(writer.Put(dir.File("later.svg"), "x").ok());
  EXPECT_FALSE(Exists(dir.File("later.svg")));
}

}  // namespace
}  // namespace stem::test
