// A database written by the version before migration 0004 (plain mobiles and e-mail addresses in
// accounts, SMS codes, the outbox and the development SMS record) is migrated, then converted by
// the start-up backfill; afterwards every look-up still works and no plain value is left.
// SQLite and MariaDB; two converters at once, as two instances starting together.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "contact_test_support.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "modules/identity/account_store.hpp"
#include "modules/identity/contact_backfill_store.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/password_hasher.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/notifications/delivery_store.hpp"
#include "modules/notifications/delivery_worker.hpp"
#include "modules/notifications/dev_sms_provider.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/messages_service.hpp"
#include "modules/notifications/recipient_backfill_store.hpp"
#include "mysql_test_support.hpp"
#include "privacy/key_ring.hpp"
#include "temp_dir.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::privacy::testing {
namespace {

constexpr const char* kOldId = "01OLDACCOUNT00000000000001";
constexpr const char* kOldNoEmailId = "01OLDACCOUNT00000000000002";
constexpr const char* kOldMobile = "13800001111";
constexpr const char* kOldNoEmailMobile = "13800002222";
constexpr const char* kOldEmail = "Old.User@Example.test";
constexpr const char* kOldPassword = "Old-Password-2020";
constexpr int kExtraAccounts = 25;

std::string extra_id(int i) {
  std::string n = std::to_string(i);
  return "01OLDEXTRA" + std::string(16 - n.size(), '0') + n;
}
std::string extra_mobile(int i) {
  return std::to_string(13900000000LL + i);
}

class RecordingMail final : public notifications::MailSender {
 public:
  notifications::SendResult send(const notifications::MailMessage& m) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(m);
    return notifications::SendResult::ok();
  }
  std::vector<notifications::MailMessage> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<notifications::MailMessage> sent_;
};

class ContactBackfillTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "mysql") {
      const auto server = db::testing::test_mysql_url();
      if (!server) {
        GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set";
      }
      scratch_ = std::make_unique<db::testing::ScratchMysqlDatabase>(*server);
      url_ = std::make_unique<db::DatabaseUrl>(scratch_->url());
    } else {
      temp_ = std::make_unique<db::testing::TempDir>();
      url_ = std::make_unique<db::DatabaseUrl>(
          db::DatabaseUrl::parse("sqlite://" + (temp_->path() / "t.db").string()));
    }
    db_ = db::Database::open(*url_);
  }

  // The schema as the previous release left it: migrations up to 0003.
  void migrate_old_schema() {
    auto old = db::Migrator::embedded(db_->backend());
    std::erase_if(old, [](const db::Migration& m) { return m.version > 3; });
    ASSERT_EQ(old.size(), 3U);
    db::Migrator(*db_, old).apply_pending();
  }

  // Rows exactly as the previous release wrote them.
  void write_old_rows(const std::string& password_hash) {
    const long long now = clock_.now_ms();
    const long long later = now + 600'000;
    // Named: SOCI binds references, and the statement runs after temporaries are gone.
    const std::string old_mobile = kOldMobile;
    const std::string old_email = kOldEmail;
    const std::string old_no_email_mobile = kOldNoEmailMobile;
    db_->transaction([&](soci::session& tx) {
      const auto account = [&](const std::string& id, const std::string& mobile,
                               const std::optional<std::string>& email) {
        std::string plain_email = email.value_or("");
        std::string normalised = plain_email;
        std::transform(normalised.begin(), normalised.end(), normalised.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        soci::indicator ind = email ? soci::i_ok : soci::i_null;
        soci::indicator ind2 = ind;
        tx << "INSERT INTO accounts (id, realm_slug, mobile, email, email_normalised, "
              "password_hash, status, frozen_reason, must_change_password, created_at, "
              "updated_at, last_sign_in_at) VALUES (:id, 'med', :m, :e, :en, :h, 'active', NULL, "
              "0, :c, :u, NULL)",
            soci::use(id), soci::use(mobile), soci::use(plain_email, ind),
            soci::use(normalised, ind2), soci::use(password_hash), soci::use(now), soci::use(now);
      };
      account(kOldId, kOldMobile, std::string(kOldEmail));
      account(kOldNoEmailId, kOldNoEmailMobile, std::nullopt);
      for (const std::string id : {kOldId, kOldNoEmailId}) {
        tx << "INSERT INTO account_roles (account_id, tenant_slug, role, granted_at) VALUES "
              "(:id, 'med-tj', 'member', 1)",
            soci::use(id);
      }
      for (int i = 0; i < kExtraAccounts; ++i) {
        account(extra_id(i), extra_mobile(i), "extra" + std::to_string(i) + "@example.test");
      }
      const std::string code_id = "01OLDCODE00000000000000001";
      const std::string code_hash = identity::sha256_hex(code_id + ":123456");
      tx << "INSERT INTO sms_codes (id, realm_slug, mobile, purpose, code_hash, attempts, "
            "created_at, expires_at, consumed_at) VALUES (:id, 'med', :m, 'sign_in', :h, 0, :c, "
            ":e, NULL)",
          soci::use(code_id), soci::use(old_mobile), soci::use(code_hash), soci::use(now),
          soci::use(later);
      const std::string refused =
          std::string("550 5.1.1 <") + kOldEmail + ">: mailbox unavailable (" + kOldEmail + ")";
      tx << "INSERT INTO outbox_messages (id, tenant_slug, channel, recipient, template_key, "
            "locale, params_json, status, attempts, next_attempt_at, expires_at, claimed_by, "
            "claim_expires_at, last_error, created_at, sent_at) VALUES ('old-mail-1', 'med', "
            "'email', :r, 'password_reset', 'zh-CN', '{\"link\":\"https://x.test/r\"}', "
            "'queued', 1, 0, NULL, NULL, NULL, :err, :c, NULL)",
          soci::use(old_email), soci::use(refused), soci::use(now);
      tx << "INSERT INTO outbox_attempts (message_id, attempt, worker, outcome, error, "
            "attempted_at) VALUES ('old-mail-1', 1, 'w0', 'retry', :err, :c)",
          soci::use(refused), soci::use(now);
      tx << "INSERT INTO outbox_messages (id, tenant_slug, channel, recipient, template_key, "
            "locale, params_json, status, attempts, next_attempt_at, expires_at, claimed_by, "
            "claim_expires_at, last_error, created_at, sent_at) VALUES ('old-sms-1', 'med', "
            "'sms', :r, 'sms_code', 'zh-CN', '{\"code\":\"654321\",\"minutes\":\"5\"}', 'queued', "
            "0, 0, NULL, NULL, NULL, NULL, :c, NULL)",
          soci::use(old_no_email_mobile), soci::use(now);
      tx << "INSERT INTO dev_sms_messages (message_id, tenant_slug, mobile, text, code, "
            "created_at) VALUES ('old-dev-1', 'med', :m, 'code 111111', '111111', 1)",
          soci::use(old_no_email_mobile);
      const std::string old_bucket = identity::sha256_hex(std::string("sms|") + kOldMobile + "|");
      tx << "INSERT INTO rate_events (bucket, happened_at) VALUES (:b, :t)", soci::use(old_bucket),
          soci::use(now);
    });
  }

  long long count(const std::string& query) {
    long long n = 0;
    db_->run([&](soci::session& sql) { sql << query, soci::into(n); });
    return n;
  }

  std::vector<std::string> plain_values() const {
    std::vector<std::string> out{kOldMobile, kOldNoEmailMobile, kOldEmail};
    for (int i = 0; i < kExtraAccounts; ++i) {
      out.push_back(extra_mobile(i));
      out.push_back("extra" + std::to_string(i) + "@example.test");
    }
    return out;
  }

  std::unique_ptr<db::testing::TempDir> temp_;
  std::unique_ptr<db::testing::ScratchMysqlDatabase> scratch_;
  std::unique_ptr<db::DatabaseUrl> url_;
  std::shared_ptr<db::Database> db_;
  core::ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::hours(480'000))};
  std::shared_ptr<const KeyRing> keys_ = std::make_shared<const KeyRing>(KeyRing::generate());
};

TEST_P(ContactBackfillTest, OldPlainRowsAreConvertedOnceEvenByTwoInstancesAndStillWork) {
  identity::PasswordHasher hasher(identity::HashParams{}, 2, std::chrono::seconds(10));
  migrate_old_schema();
  write_old_rows(hasher.hash(kOldPassword));
  ASSERT_FALSE(found_in(database_dump(*db_), {kOldMobile, kOldEmail}).empty())
      << "the old rows must hold the plain values the test then expects to disappear";

  db::Migrator(*db_).apply_pending();
  EXPECT_EQ(count("SELECT COUNT(*) FROM rate_events"), 0);  // unkeyed buckets are dropped

  // Two instances starting at once, in small batches: every row is converted exactly once.
  identity::ContactBackfillCounts contacts[2];
  notifications::RecipientBackfillCounts recipients[2];
  {
    std::vector<std::thread> instances;
    for (int i = 0; i < 2; ++i) {
      instances.emplace_back([&, i] {
        auto db = db::Database::open(*url_);
        contacts[i] = identity::encrypt_plain_contacts(*db, keys_, 7);
        recipients[i] = notifications::encrypt_plain_recipients(*db, keys_, 1);
      });
    }
    for (auto& t : instances) {
      t.join();
    }
  }
  EXPECT_EQ(contacts[0].accounts + contacts[1].accounts, kExtraAccounts + 2);
  EXPECT_EQ(contacts[0].sms_codes + contacts[1].sms_codes, 1);
  EXPECT_EQ(recipients[0].outbox + recipients[1].outbox, 2);
  EXPECT_EQ(recipients[0].dev_sms + recipients[1].dev_sms, 1);
  // Idempotent: nothing left for the next start.
  const auto again = identity::encrypt_plain_contacts(*db_, keys_);
  EXPECT_EQ(again.accounts + again.sms_codes, 0);
  const auto again_recipients = notifications::encrypt_plain_recipients(*db_, keys_);
  EXPECT_EQ(again_recipients.outbox + again_recipients.dev_sms, 0);

  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE mobile IS NOT NULL OR email IS NOT NULL "
                  "OR email_normalised IS NOT NULL"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE mobile_cipher IS NULL OR mobile_index IS "
                  "NULL"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts WHERE email_cipher IS NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sms_codes WHERE mobile IS NOT NULL OR mobile_index IS "
                  "NULL"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox_messages WHERE recipient IS NOT NULL OR "
                  "recipient_cipher IS NULL"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM dev_sms_messages WHERE mobile IS NOT NULL OR "
                  "mobile_index IS NULL"),
            0);

  // Sign-in by password and by the code sent before the upgrade, a reset by e-mail in another
  // case: all through the blind indexes.
  const auto directory = demo_directory();
  std::vector<notifications::OutboundMessage> queued;
  identity::NotificationSink sink;
  sink.enqueue = [&](soci::session&, const notifications::OutboundMessage& m, std::int64_t) {
    queued.push_back(m);
  };
  identity::IdentityService identity(db_, clock_, hasher, sink, {}, keys_);
  const identity::RequestContext ctx{"10.0.0.1", "test", "zh-CN"};
  const auto& med_tj = *directory->find("med-tj");
  const auto by_password = identity.sign_in_with_password(med_tj, kOldMobile, kOldPassword, ctx);
  EXPECT_EQ(by_password.account.id, kOldId);
  EXPECT_EQ(by_password.account.mobile, kOldMobile);
  EXPECT_EQ(by_password.account.email.value_or(""), kOldEmail);
  EXPECT_EQ(identity.sign_in_with_code(med_tj, "138 0000 1111", "123456", ctx).account.id, kOldId);
  identity.request_password_reset(*directory->find("med"), "OLD.USER@example.TEST", ctx);
  ASSERT_EQ(queued.size(), 1U);
  EXPECT_EQ(queued[0].recipient, kOldEmail);

  // Messages to the converted accounts, and the messages queued before the upgrade, reach the
  // right addresses; the stored errors keep the address only masked.
  notifications::MessagesService messages(*db_, clock_, keys_);
  const auto receipt = messages.send({.tenant_slug = "med-tj",
                                      .tenant_scope = {"med-tj"},
                                      .account_ids = std::nullopt,
                                      .email = true,
                                      .sms = true,
                                      .title = "t",
                                      .body = "b"});
  EXPECT_EQ(receipt.emails, 1);
  EXPECT_EQ(receipt.sms, 2);
  RecordingMail mail;
  notifications::DevSmsStore dev_sms(*db_, keys_);
  notifications::DevSmsProvider sms(dev_sms, clock_);
  const notifications::TemplateRenderer renderer(
      {.platform_dir = std::filesystem::path(GUILDHALL_SOURCE_DIR) / "templates" / "messages",
       .tenants_dir = {}});
  notifications::DeliveryWorker worker(*db_, keys_, renderer, &mail, &sms, clock_,
                                       {.worker_id = "w"});
  EXPECT_EQ(worker.run_once().sent, 5);
  std::vector<std::string> mailed;
  for (const auto& m : mail.sent()) {
    mailed.push_back(m.message_id + " " + m.to);
  }
  EXPECT_NE(std::find(mailed.begin(), mailed.end(), std::string("old-mail-1 ") + kOldEmail),
            mailed.end());
  const auto texts = dev_sms.for_mobile(kOldNoEmailMobile, 10);
  ASSERT_EQ(texts.size(), 3U);  // the record from before, the old queued code, the new message
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(),
                          [](const auto& t) { return t.code.value_or("") == "111111"; }));
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(),
                          [](const auto& t) { return t.code.value_or("") == "654321"; }));
  notifications::DeliveryStore deliveries(*db_, keys_);
  EXPECT_EQ(deliveries.find("old-mail-1")->recipient, kOldEmail);
  const auto attempts = deliveries.attempts("old-mail-1");
  ASSERT_FALSE(attempts.empty());
  EXPECT_NE(attempts[0].error.value_or("").find("<O***@Example.test>"), std::string::npos)
      << attempts[0].error.value_or("");

  const auto dump = database_dump(*db_);
  EXPECT_NE(dump.find("o***@example.test"), std::string::npos);  // the dump reads every row
  EXPECT_EQ(found_in(dump, plain_values()), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Backends, ContactBackfillTest, ::testing::Values("sqlite", "mysql"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace guildhall::privacy::testing
