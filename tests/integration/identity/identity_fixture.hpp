// A migrated database (a fresh SQLite file, or a scratch database on the MariaDB server named by
// GUILDHALL_TEST_MYSQL_URL), the repository's demo tenants, a manual clock and an
// IdentityService whose outgoing messages are recorded instead of queued.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/password_hasher.hpp"
#include "mysql_test_support.hpp"
#include "privacy/key_ring.hpp"
#include "temp_dir.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::identity::testing {

class IdentityFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  const tenancy::Tenant& tenant(const std::string& slug) const { return *directory_->find(slug); }
  // The code of the last SMS sent to `mobile`, or "" when none was.
  std::string last_code(const std::string& mobile) const;
  std::size_t messages_to(const std::string& recipient) const;
  // The token of the last reset link e-mailed to `email`.
  std::string last_reset_token(const std::string& email) const;
  // Registers through an SMS code at `slug`.
  SignedIn register_at(const std::string& slug, const std::string& mobile,
                       const std::string& password,
                       std::optional<std::string> email = std::nullopt);
  void grant(const std::string& account_id, const std::string& tenant, Role role);

  RequestContext ctx_{"10.0.0.1", "test-agent", "zh-CN"};
  std::unique_ptr<db::testing::TempDir> temp_;
  std::unique_ptr<db::testing::ScratchMysqlDatabase> scratch_;
  std::shared_ptr<db::Database> db_;
  std::shared_ptr<const tenancy::TenantDirectory> directory_;
  std::shared_ptr<const privacy::KeyRing> keys_ =
      std::make_shared<const privacy::KeyRing>(privacy::KeyRing::generate());
  core::ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::hours(480'000))};
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<IdentityService> service_;
  mutable std::mutex mutex_;
  std::vector<notifications::OutboundMessage> outbox_;
  std::vector<SiteNotice> site_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace guildhall::identity::testing
