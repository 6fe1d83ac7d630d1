// The small API messages: a reply counts only when it decodes.
#include "sync/protocol/messages.h"
#include "sync/protocol/roster_page.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stem::sync {
namespace {

const char* kDevice = "0192f0c1-7a3b-7c4d-8e5f-0123456789ab";

TEST(Messages, AckRoundTrips) {
  Ack ack{kDevice, 7,
          {{5, RecordOutcome::kStored, ""},
           {6, RecordOutcome::kRejected, "bad_payload"},
           {7, RecordOutcome::kConflict, "different_content"}}};
  Result<Ack> back = DecodeAck(EncodeAck(ack));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->device_id, kDevice);
  EXPECT_EQ(back->acked_through, 7);
  EXPECT_EQ(back->results, ack.results);
}

TEST(Messages, NonAckBodiesAreRefused) {
  std::vector<std::string> bodies = {
      "<html><body>Welcome to Hotel WiFi. Please log in.</body></html>",
      "",
      "{}",
      "null",
      R"({"device_id":"x","acked_through":1,"results":[]})",
      std::string(R"({"device_id":")") + kDevice + R"(","acked_through":-1,"results":[]})",
      std::string(R"({"device_id":")") + kDevice + R"(","acked_through":1,"results":[{"seq":1,"status":"maybe"}]})",
      std::string(R"({"device_id":")") + kDevice + R"(","acked_through":"1","results":[]})",
  };
  for (const std::string& b : bodies) {
    EXPECT_EQ(DecodeAck(b).status().reason(), "bad_message") << b;
  }
}

TEST(Messages, EnrollRequestIsStrict) {
  EnrollRequest r{"ABCD-EFGH", kDevice};
  Result<EnrollRequest> back = DecodeEnrollRequest(EncodeEnrollRequest(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->code, "ABCD-EFGH");
  EXPECT_FALSE(DecodeEnrollRequest(R"({"code":"A","device_id":"nope"})").ok());
  EXPECT_FALSE(DecodeEnrollRequest(
                   std::string(R"({"code":"A","device_id":")") + kDevice + R"(","x":1})")
                   .ok());
  EXPECT_FALSE(DecodeEnrollRequest(std::string(R"({"code":"","device_id":")") + kDevice + "\"}").ok());
}

TEST(Messages, DeviceStatusRoundTrips) {
  DeviceStatus s{kDevice, 42, "2026-11-22T12:00:00.000Z"};
  Result<DeviceStatus> back = DecodeDeviceStatus(EncodeDeviceStatus(s));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->acked_through, 42);
  EXPECT_FALSE(DecodeDeviceStatus("<html>").ok());
}

// A roster page carries the hub's published forms only when the kiosk asked for them; the
// specs travel as text, so the page stays shallow whatever the forms nest.
TEST(Messages, RosterPageCarriesPublishedFormsAsText) {
  RosterPage page;
  page.events.push_back({"e1", "Fair", "fair", "2026-05-02", "2026-05-02", "Gym"});
  page.next_cursor = 4;
  std::string plain = EncodeRosterPage(page);
  EXPECT_EQ(plain.find("forms"), std::string::npos);
  Result<RosterPage> back = DecodeRosterPage(plain);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->forms_cursor, -1) << "no forms part: an older hub, or none asked";

  std::string spec = R"({"id":"club","items":[{"items":[{"items":[{"id":"deep"}]}]}]})";
  page.forms = {spec};
  page.forms_cursor = 9;
  back = DecodeRosterPage(EncodeRosterPage(page));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->forms, std::vector<std::string>{spec});
  EXPECT_EQ(back->forms_cursor, 9);

  const std::string head = R"({"events":[],"people":[],"next_cursor":0,"more":false,)";
  for (const std::string& tail : {std::string(R"("forms":[]})"),
                                  std::string(R"("forms_cursor":3})"),
                                  std::string(R"("forms":[{"id":"x"}],"forms_cursor":3})"),
                                  std::string(R"("forms":"x","forms_cursor":3})"),
                                  std::string(R"("forms":[],"forms_cursor":-2})"),
                                  std::string(R"("forms":[],"forms_cursor":"3"})")}) {
    SCOPED_TRACE(tail);
    Result<RosterPage> bad = DecodeRosterPage(head + tail);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().reason(), "bad_message");
  }
}

}  // namespace
}  // namespace stem::sync
