// Real signed SendSms requests from AliyunSmsProvider (libcurl) to a loopback server
// (aliyun_stub.py) that recomputes every signature independently and answers like Aliyun.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "modules/notifications/aliyun_sms_provider.hpp"
#include "outbox_scenarios.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::notifications::testing {
namespace {

class AliyunLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = free_tcp_port();
    stub_ = std::make_unique<PythonHelper>(
        "aliyun_stub.py",
        std::vector<std::string>{std::to_string(port_), "LTAI-test-id", "test-secret-abc",
                                 log_file().string()},
        dir_.path(), port_);
    config_.provider = SmsProviderKind::aliyun;
    config_.endpoint = "http://127.0.0.1:" + std::to_string(port_) + "/";
    config_.access_key_id = "LTAI-test-id";
    config_.access_key_secret = "test-secret-abc";
    config_.sign_name = "中华医学会";
    config_.template_codes = {{"sms_code", "SMS_100001"}, {"admin_message", "SMS_100002"}};
    config_.timeout = std::chrono::seconds(5);
  }

  std::filesystem::path log_file() const { return dir_.path() / "aliyun.jsonl"; }

  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(guildhall::testing::read_text(log_file()));
    for (std::string line; std::getline(in, line);) {
      out.push_back(nlohmann::json::parse(line));
    }
    return out;
  }

  guildhall::testing::TempDir dir_{"guildhall-aliyun"};
  int port_ = 0;
  SmsConfig config_;
  std::unique_ptr<PythonHelper> stub_;
};

TEST_F(AliyunLoopbackTest, SignedSendsAreAcceptedAndCarryTheTemplate) {
  const core::SystemClock clock;
  AliyunSmsProvider provider(config_, clock);
  for (int i = 0; i < 3; ++i) {
    const auto result = provider.send({.message_id = "m" + std::to_string(i),
                                       .tenant_slug = "med",
                                       .mobile = "13800138000",
                                       .template_key = "sms_code",
                                       .params = {{"code", "12345" + std::to_string(i)}},
                                       .text = ""});
    EXPECT_EQ(result.kind, SendResult::Kind::sent) << result.error << stub_->log();
  }
  const auto seen = requests();
  ASSERT_EQ(seen.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& r = seen[static_cast<std::size_t>(i)];
    EXPECT_TRUE(r["problem"].is_null()) << r.dump();
    EXPECT_EQ(r["params"]["PhoneNumbers"], "13800138000");
    EXPECT_EQ(r["params"]["SignName"], "中华医学会");
    EXPECT_EQ(r["params"]["TemplateCode"], "SMS_100001");
    EXPECT_EQ(r["params"]["RegionId"], "cn-hangzhou");
    EXPECT_EQ(r["params"]["OutId"], "m" + std::to_string(i));
    EXPECT_EQ(r["templateParam"]["code"], "12345" + std::to_string(i));
  }
}

TEST_F(AliyunLoopbackTest, AWrongSecretIsCaughtByTheServer) {
  config_.access_key_secret = "not-the-secret";
  const core::SystemClock clock;
  AliyunSmsProvider provider(config_, clock);
  const auto result = provider.send({.message_id = "bad",
                                     .tenant_slug = "med",
                                     .mobile = "13800138000",
                                     .template_key = "sms_code",
                                     .params = {{"code", "1"}},
                                     .text = ""});
  EXPECT_EQ(result.kind, SendResult::Kind::permanent);
  EXPECT_NE(result.error.find("SignatureDoesNotMatch"), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("not-the-secret"), std::string::npos);
}

TEST_F(AliyunLoopbackTest, ThroughTheOutboxThrottlingRetriesAndAnInvalidNumberFails) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  guildhall::testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db");
  AliyunSmsProvider provider(config_, clock);
  const auto code = [&](const std::string& id, const std::string& mobile) {
    enqueue(*db,
            {.id = id,
             .tenant_slug = "med",
             .channel = Channel::sms,
             .recipient = mobile,
             .template_key = "sms_code",
             .locale = "zh-CN",
             .params = {{"code", "654321"}},
             .expires_at_ms = clock.now_ms() + 300000},
            clock.now_ms());
  };
  code("ok", "13800138000");
  code("throttled", "13700000000");
  code("invalid", "13900000000");
  DeliveryWorker worker(*db, test_keys(), renderer, nullptr, &provider, clock, {.worker_id = "w"});
  const auto stats = worker.run_once();
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(stats.retried, 1);
  EXPECT_EQ(stats.failed, 1);
  EXPECT_EQ(status_of(*db, "ok"), "sent");
  EXPECT_EQ(status_of(*db, "throttled"), "queued");
  EXPECT_EQ(status_of(*db, "invalid"), "failed");
  EXPECT_NE(DeliveryStore(*db, test_keys())
                .attempts("invalid")[0]
                .error.value_or("")
                .find("isv.MOBILE_NUMBER_ILLEGAL"),
            std::string::npos);
  // The throttled code cannot be sent before it expires: dropped, not sent late.
  clock.advance(std::chrono::minutes(6));
  EXPECT_EQ(worker.run_once().dropped, 1);
  EXPECT_EQ(status_of(*db, "throttled"), "dropped");
  for (const auto& r : requests()) {
    EXPECT_TRUE(r["problem"].is_null()) << r.dump();
  }
}

}  // namespace
}  // namespace guildhall::notifications::testing
