#include "identity_fixture.hpp"

#include "db/migrator.hpp"
#include "modules/identity/account_store.hpp"
#include "modules/identity/mobile_number.hpp"
#include "tenancy/tenant_loader.hpp"

namespace guildhall::identity::testing {

namespace {

std::shared_ptr<const tenancy::TenantDirectory> demo_tenants() {
  const auto loaded = tenancy::load_tenants({std::string(GUILDHALL_SOURCE_DIR) + "/tenants"}, {});
  const auto realms = tenancy::compute_realms(loaded.tenants);
  std::vector<std::shared_ptr<const tenancy::Tenant>> tenants;
  for (const auto& config : loaded.tenants) {
    auto t = std::make_shared<tenancy::Tenant>();
    t->config = config;
    t->realm = realms.at(config->slug);
    for (const auto& other : loaded.tenants) {
      if (other->parent == config->slug) {
        t->children.push_back(other->slug);
      }
    }
    tenants.push_back(std::move(t));
  }
  return std::make_shared<const tenancy::TenantDirectory>(std::move(tenants));
}

}  // namespace

void IdentityFixture::SetUp() {
  if (GetParam() == "mysql") {
    const auto server = db::testing::test_mysql_url();
    if (!server) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set";
    }
    scratch_ = std::make_unique<db::testing::ScratchMysqlDatabase>(*server);
    db_ = db::Database::open(scratch_->url());
  } else {
    temp_ = std::make_unique<db::testing::TempDir>();
    db_ =
        db::Database::open(db::DatabaseUrl::parse("sqlite://" + (temp_->path() / "t.db").string()));
  }
  db::Migrator(*db_).apply_pending();
  directory_ = demo_tenants();
  ASSERT_TRUE(directory_->find("med-tj"));
  ASSERT_TRUE(directory_->find("pcb"));
  hasher_ = std::make_unique<PasswordHasher>(HashParams{}, 2, std::chrono::seconds(10));
  NotificationSink sink;
  sink.enqueue = [this](soci::session&, const notifications::OutboundMessage& m, std::int64_t) {
    std::lock_guard lock(mutex_);
    outbox_.push_back(m);
  };
  sink.post_site_message = [this](soci::session&, const SiteNotice& n, std::int64_t) {
    std::lock_guard lock(mutex_);
    site_.push_back(n);
  };
  IdentityConfig config;
  config.public_url = "https://members.example.test";
  service_ = std::make_unique<IdentityService>(db_, clock_, *hasher_, sink, config, keys_);
}

void IdentityFixture::TearDown() {
  service_.reset();
  db_.reset();
  scratch_.reset();
}

std::string IdentityFixture::last_code(const std::string& mobile) const {
  std::lock_guard lock(mutex_);
  for (auto it = outbox_.rbegin(); it != outbox_.rend(); ++it) {
    if (it->recipient == mobile && it->template_key == "sms_code") {
      return it->params.at("code");
    }
  }
  return {};
}

std::size_t IdentityFixture::messages_to(const std::string& recipient) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      outbox_.begin(), outbox_.end(), [&](const auto& m) { return m.recipient == recipient; }));
}

std::string IdentityFixture::last_reset_token(const std::string& email) const {
  std::lock_guard lock(mutex_);
  for (auto it = outbox_.rbegin(); it != outbox_.rend(); ++it) {
    if (it->recipient == email) {
      const auto& link = it->params.at("link");
      return link.substr(link.find("token=") + 6);
    }
  }
  return {};
}

SignedIn IdentityFixture::register_at(const std::string& slug, const std::string& mobile,
                                      const std::string& password,
                                      std::optional<std::string> email) {
  service_->request_sms_code(tenant(slug), mobile, SmsPurpose::register_account, ctx_);
  const auto code = last_code(normalise_mobile(mobile).value_or(mobile));
  EXPECT_EQ(code.size(), 6U);
  // Codes are rate limited per phone; registrations in a test are a minute apart.
  clock_.advance(std::chrono::seconds(61));
  return service_->register_account(tenant(slug), {mobile, code, password, std::move(email)}, ctx_);
}

void IdentityFixture::grant(const std::string& account_id, const std::string& tenant_slug,
                            Role role) {
  db_->transaction([&](soci::session& tx) {
    AccountStore(keys_).grant(tx, account_id, {tenant_slug, role}, std::nullopt, clock_.now_ms());
  });
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace guildhall::identity::testing
