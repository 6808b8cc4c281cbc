// E-mail end to end: the outbox, the delivery worker, SmtpMailSender (libcurl) and a real SMTP
// server on loopback (python3-aiosmtpd, smtp_sink.py) that writes what it receives to a folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <thread>

#include "modules/notifications/mime_message.hpp"
#include "modules/notifications/smtp_mail_sender.hpp"
#include "outbox_scenarios.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::notifications::testing {
namespace {

std::vector<std::string> received(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(folder)) {
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
      if (e.path().extension() == ".eml") {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    out.push_back(guildhall::testing::read_text(f));
  }
  return out;
}

std::string header(const std::string& raw, const std::string& name) {
  const std::string message = "\n" + raw;
  const auto start = message.find("\n" + name + ": ");
  if (start == std::string::npos) {
    return "";
  }
  std::string value;
  std::size_t pos = start + name.size() + 3;
  // Unfold continuation lines.
  for (;;) {
    const auto end = message.find("\r\n", pos);
    value += message.substr(pos, end - pos);
    if (end + 2 < message.size() && (message[end + 2] == ' ' || message[end + 2] == '\t')) {
      pos = end + 3;
      continue;
    }
    break;
  }
  return value;
}

std::string base64_decode(const std::string& text) {
  static const std::string kTable =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto pos = kTable.find(c);
    if (pos == std::string::npos)
      continue;
    buffer = (buffer << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_words(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = value.find("?=", pos + 10);
    out += base64_decode(value.substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}

std::string body_of(const std::string& message) {
  return base64_decode(message.substr(message.find("\r\n\r\n") + 4));
}

class SmtpDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = free_tcp_port();
    config_.smtp_url = "smtp://127.0.0.1:" + std::to_string(port_);
    config_.from_address = "noreply@med.example.org";
    config_.from_name = "中华医学会";
    config_.timeout = std::chrono::seconds(5);
  }

  void start_smtp() {
    smtp_ = std::make_unique<PythonHelper>(
        "smtp_sink.py", std::vector<std::string>{std::to_string(port_), mailbox().string()},
        dir_.path(), port_);
  }

  std::filesystem::path mailbox() const { return dir_.path() / "mailbox"; }

  guildhall::testing::TempDir dir_{"guildhall-smtp"};
  std::shared_ptr<db::Database> db_ = open_sqlite(dir_.path() / "g.db");
  int port_ = 0;
  MailConfig config_;
  std::unique_ptr<PythonHelper> smtp_;
};

TEST_F(SmtpDeliveryTest, AQueuedEmailArrivesWithItsUtf8SubjectAndBody) {
  start_smtp();
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  SmtpMailSender sender(config_, clock);
  enqueue(*db_, reset_mail("01HZRESET0000000000000001", "张三@example.org"), clock.now_ms());
  enqueue(*db_, reset_mail("01HZRESET0000000000000002", "member@example.org"), clock.now_ms());
  DeliveryWorker worker(*db_, test_keys(), renderer, &sender, nullptr, clock, {.worker_id = "w"});
  const auto stats = worker.run_once();
  // The first address is not plain ASCII: SMTP without SMTPUTF8 cannot carry it, so it is refused.
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(stats.failed, 1);
  const auto mails = received(mailbox());
  ASSERT_EQ(mails.size(), 1u);
  const std::string& mail = mails[0];
  EXPECT_EQ(decode_words(header(mail, "Subject")), "重置密码");
  EXPECT_EQ(header(mail, "Message-ID"), "<01HZRESET0000000000000002@med.example.org>");
  EXPECT_EQ(header(mail, "Date"), rfc5322_date(clock.now_ms()));
  EXPECT_EQ(header(mail, "To"), "<member@example.org>");
  EXPECT_NE(header(mail, "From").find("<noreply@med.example.org>"), std::string::npos);
  EXPECT_EQ(decode_words(header(mail, "From")), "中华医学会");
  EXPECT_EQ(header(mail, "Content-Type"), "text/plain; charset=UTF-8");
  const std::string body = body_of(mail);
  EXPECT_NE(body.find("我们收到了重置您账号密码的请求"), std::string::npos) << body;
  EXPECT_NE(body.find("https://med.example/reset/01HZRESET0000000000000002"), std::string::npos);
  EXPECT_EQ(status_of(*db_, "01HZRESET0000000000000002"), "sent");
}

TEST_F(SmtpDeliveryTest, WithTheServerDownMessagesWaitAndAreDeliveredOnceWhenItIsBack) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  SmtpMailSender sender(config_, clock);
  for (int i = 0; i < 3; ++i) {
    enqueue(*db_, reset_mail("down" + std::to_string(i), "m" + std::to_string(i) + "@example.org"),
            clock.now_ms());
  }
  DeliveryWorker worker(*db_, test_keys(), renderer, &sender, nullptr, clock, {.worker_id = "w"});
  // Nothing listens on the port: every try fails, nothing is lost.
  EXPECT_EQ(worker.run_once().retried, 3);
  clock.advance(std::chrono::seconds(30));
  EXPECT_EQ(worker.run_once().retried, 3);
  for (int i = 0; i < 3; ++i) {
    const std::string id = "down" + std::to_string(i);
    EXPECT_EQ(status_of(*db_, id), "queued");
    const auto attempts = DeliveryStore(*db_, test_keys()).attempts(id);
    ASSERT_EQ(attempts.size(), 2u);
    EXPECT_EQ(attempts[0].outcome, "retry");
    EXPECT_NE(attempts[0].error.value_or("").find("SMTP"), std::string::npos);
  }
  // Backoff: the third try is 60 s after the second, not sooner.
  clock.advance(std::chrono::seconds(59));
  EXPECT_EQ(worker.run_once().handled(), 0);
  start_smtp();
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(worker.run_once().sent, 3);
  clock.advance(std::chrono::hours(3));
  EXPECT_EQ(worker.run_once().handled(), 0);
  const auto mails = received(mailbox());
  ASSERT_EQ(mails.size(), 3u);
  std::set<std::string> ids;
  for (const auto& m : mails) {
    ids.insert(header(m, "Message-ID"));
  }
  EXPECT_EQ(ids.size(), 3u) << "a message arrived twice";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(status_of(*db_, "down" + std::to_string(i)), "sent");
  }
}

TEST_F(SmtpDeliveryTest, RequiredStartTlsIsNotSilentlySkipped) {
  start_smtp();
  config_.starttls = StartTls::required;
  const core::SystemClock clock;
  SmtpMailSender sender(config_, clock);
  // The test server offers no STARTTLS: with "required" nothing may go out in clear text.
  const auto result =
      sender.send({.message_id = "tls", .to = "member@example.org", .subject = "s", .body = "b"});
  EXPECT_EQ(result.kind, SendResult::Kind::retry) << result.error;
  EXPECT_TRUE(received(mailbox()).empty());
  config_.starttls = StartTls::attempt;
  SmtpMailSender opportunistic(config_, clock);
  EXPECT_EQ(
      opportunistic
          .send({.message_id = "tls2", .to = "member@example.org", .subject = "s", .body = "b"})
          .kind,
      SendResult::Kind::sent);
  EXPECT_EQ(received(mailbox()).size(), 1u);
}

}  // namespace
}  // namespace guildhall::notifications::testing
