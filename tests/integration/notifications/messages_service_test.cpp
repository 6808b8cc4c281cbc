#include "modules/notifications/messages_service.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "core/errors.hpp"
#include "outbox_scenarios.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::notifications::testing {
namespace {

class MessagesServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add_account(*db_, "01HZACCOUNT000000000000001", "med", "13800138001", "one@example.org",
                "active", {"med"});
    add_account(*db_, "01HZACCOUNT000000000000002", "med", "13800138002", "", "active", {"med-tj"});
    add_account(*db_, "01HZACCOUNT000000000000003", "med", "13800138003", "three@example.org",
                "frozen", {"med"});
    add_account(*db_, "01HZACCOUNT000000000000004", "pcb", "13800138004", "four@example.org",
                "active", {"pcb"});
  }

  guildhall::testing::TempDir dir_{"guildhall-messages"};
  std::shared_ptr<db::Database> db_ = open_sqlite(dir_.path() / "g.db");
  core::ManualClock clock_{kStart};
  MessagesService service_{*db_, clock_, test_keys()};
};

TEST_F(MessagesServiceTest, AllAccountsOfTheSubtreeGetEveryChosenChannelInOneBatch) {
  const auto receipt = service_.send({.tenant_slug = "med",
                                      .tenant_scope = {"med", "med-tj"},
                                      .account_ids = std::nullopt,
                                      .site = true,
                                      .email = true,
                                      .sms = true,
                                      .title = "年会通知",
                                      .body = "请于 5 月 1 日参加年会。",
                                      .locale = "zh-CN"});
  // The frozen account and the other realm's account are left out.
  EXPECT_EQ(receipt.recipients, 2);
  EXPECT_EQ(receipt.emails, 1);  // account 2 has no e-mail address
  EXPECT_EQ(receipt.sms, 2);
  EXPECT_EQ(count_rows(*db_, "SELECT COUNT(*) FROM inbox_messages"), 2);
  EXPECT_EQ(count_rows(*db_, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'queued'"), 3);
  const auto inbox = service_.inbox("01HZACCOUNT000000000000002", 1, 20);
  ASSERT_EQ(inbox.items.size(), 1u);
  EXPECT_EQ(inbox.items[0].title, "年会通知");
  EXPECT_EQ(inbox.items[0].tenant_slug, "med");
  EXPECT_EQ(inbox.unread, 1);
  EXPECT_TRUE(service_.inbox("01HZACCOUNT000000000000003", 1, 20).items.empty());
  EXPECT_TRUE(service_.inbox("01HZACCOUNT000000000000004", 1, 20).items.empty());
}

TEST_F(MessagesServiceTest, ChosenAccountsOutsideTheTenantAreIgnoredNeverReached) {
  const auto receipt =
      service_.send({.tenant_slug = "med-tj",
                     .tenant_scope = {"med-tj"},
                     .account_ids = std::vector<std::string>{"01HZACCOUNT000000000000002",
                                                             "01HZACCOUNT000000000000004"},
                     .site = true,
                     .title = "t",
                     .body = "b"});
  EXPECT_EQ(receipt.recipients, 1);
  EXPECT_TRUE(service_.inbox("01HZACCOUNT000000000000004", 1, 20).items.empty());
  try {
    service_.send({.tenant_slug = "med-tj",
                   .tenant_scope = {"med-tj"},
                   .account_ids = std::vector<std::string>{"01HZACCOUNT000000000000004"},
                   .site = true,
                   .title = "t",
                   .body = "b"});
    FAIL() << "no recipient in scope must be refused";
  } catch (const core::AppError& e) {
    EXPECT_EQ(e.kind(), core::ErrorKind::validation);
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "recipients");
  }
  EXPECT_EQ(count_rows(*db_, "SELECT COUNT(*) FROM inbox_messages"), 1);
}

TEST_F(MessagesServiceTest, ValidatesTheForm) {
  try {
    service_.send({.tenant_slug = "med", .tenant_scope = {"med"}, .title = " ", .body = ""});
    FAIL();
  } catch (const core::AppError& e) {
    std::set<std::string> fields;
    for (const auto& f : e.fields())
      fields.insert(f.field);
    EXPECT_EQ(fields, (std::set<std::string>{"title", "body", "channels"}));
  }
  EXPECT_THROW(service_.send({.tenant_slug = "med",
                              .tenant_scope = {"med"},
                              .site = true,
                              .title = std::string(101 * 3, 'x'),
                              .body = "b"}),
               core::AppError);
}

TEST_F(MessagesServiceTest, ReadMarksBelongToTheirAccount) {
  db_->transaction([&](soci::session& tx) {
    InboxStore{}.deliver(tx,
                         {.id = "01HZMSG0000000000000000001",
                          .account_id = "01HZACCOUNT000000000000001",
                          .tenant_slug = "med",
                          .batch_id = "",
                          .title = "密码已重置",
                          .body = "管理员重置了您的密码。",
                          .title_en = "Password reset",
                          .body_en = "An administrator reset your password."},
                         clock_.now_ms());
    InboxStore{}.deliver(tx,
                         {.id = "",
                          .account_id = "01HZACCOUNT000000000000001",
                          .tenant_slug = "med",
                          .title = "second",
                          .body = "b"},
                         clock_.now_ms() + 1);
  });
  EXPECT_EQ(service_.unread_count("01HZACCOUNT000000000000001"), 2);
  // Someone else's message id: not found, nothing changes.
  EXPECT_THROW(service_.mark_read("01HZACCOUNT000000000000002", "01HZMSG0000000000000000001"),
               core::AppError);
  service_.mark_read("01HZACCOUNT000000000000001", "01HZMSG0000000000000000001");
  service_.mark_read("01HZACCOUNT000000000000001", "01HZMSG0000000000000000001");
  EXPECT_EQ(service_.unread_count("01HZACCOUNT000000000000001"), 1);
  const auto page = service_.inbox("01HZACCOUNT000000000000001", 1, 1);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].title, "second");  // newest first
  const auto second = service_.inbox("01HZACCOUNT000000000000001", 2, 1);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_TRUE(second.items[0].read);
  EXPECT_EQ(second.items[0].title_en, "Password reset");
  service_.mark_all_read("01HZACCOUNT000000000000001");
  EXPECT_EQ(service_.unread_count("01HZACCOUNT000000000000001"), 0);
}

TEST_F(MessagesServiceTest, DeliveryLogFiltersAndMasks) {
  service_.send({.tenant_slug = "med",
                 .tenant_scope = {"med", "med-tj"},
                 .email = true,
                 .sms = true,
                 .title = "t",
                 .body = "b"});
  enqueue(*db_, reset_mail("pcb-mail", "x@example.org"), clock_.now_ms());
  db_->run([](soci::session& sql) {
    sql << "UPDATE outbox_messages SET tenant_slug = 'pcb' WHERE id = 'pcb-mail'";
  });
  const auto all = service_.deliveries({.tenant_slugs = {"med", "med-tj"}});
  EXPECT_EQ(all.total, 3);
  for (const auto& d : all.items) {
    EXPECT_EQ(d.status, "queued");
    EXPECT_TRUE(d.recipient == "o***@example.org" || d.recipient == "138****8001" ||
                d.recipient == "138****8002")
        << d.recipient;
  }
  const auto sms = service_.deliveries(
      {.tenant_slugs = {"med", "med-tj"}, .status = "queued", .channel = Channel::sms});
  EXPECT_EQ(sms.total, 2);
  EXPECT_EQ(service_.deliveries({.tenant_slugs = {"med"}, .status = "sent"}).total, 0);
  EXPECT_EQ(service_.deliveries({.tenant_slugs = {"pcb"}}).total, 1);
}

}  // namespace
}  // namespace guildhall::notifications::testing
