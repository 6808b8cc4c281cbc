// The admins' member list (issue #5): a tenant's members and those of its subtree, searched and
// filtered by type, status, region, employer and join date, exported to Excel; a member's page
// with memberships, applications and recorded violations; and freezing a member who supplied
// false data, which the seed manual says freezes the account and records the violation.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "forms/civil_date.hpp"
#include "modules/members/member_store.hpp"
#include "modules/workflow/application_store.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy

namespace guildhall::members {

struct MemberFilter {
  std::string q;            // part of the name, or the start of the member number
  std::string member_type;  // a member type key
  std::string status;       // active | frozen | superseded | expired (an active term that ended)
  std::string region;       // a region code: the province, city or district the member is in
  std::string employer;     // an organisation id
  std::optional<forms::CivilDate> joined_from;
  std::optional<forms::CivilDate> joined_to;
  int page = 1;
  int page_size = 20;  // 1..200
};

// One membership as the list shows it; its status is "expired" once an active term has ended.
struct MemberEntry {
  workflow::MembershipRow membership;
  std::string account_status;  // active | frozen
  bool dues_paid = false;      // this (mainland) year's dues are recorded
  std::string name;
  std::string gender;               // male | female | ""
  std::vector<std::string> region;  // codes, province first
  std::string region_text;          // "天津市 / 市辖区 / 和平区"
  std::string employer;             // organisation id
  std::string employer_name;
  std::string member_type_name;  // zh-CN
  std::string tenant_name;       // zh-CN
};

struct MemberPage {
  std::vector<MemberEntry> items;
  std::size_t total = 0;
};

struct MemberApplication {
  workflow::ApplicationRow row;  // values_cipher cleared
  std::vector<workflow::ApplicationEventRow> events;
};

struct MemberRecord {
  std::string account_id;
  std::string name;
  std::string account_status;
  std::vector<MemberEntry> memberships;
  std::vector<MemberApplication> applications;
  std::vector<ViolationRow> violations;
};

struct MemberAccess {
  // Whether the principal administers the tenant.
  std::function<bool(const identity::Principal&, const tenancy::Tenant&)> administers;
  // Freezes the account with the reason (identity's rules and audit); throws when it may not.
  std::function<void(const identity::Principal&, const tenancy::Tenant&,
                     const std::string& account_id, const std::string& reason,
                     const std::string& ip)>
      freeze_account;
};

class MemberService {
 public:
  MemberService(db::Database& database, const tenancy::TenantRegistry& registry,
                const core::Clock& clock, MemberAccess access);

  MemberPage list(const tenancy::Tenant& tenant, const identity::Principal& who,
                  const MemberFilter& filter) const;
  // Every match, unpaged, for the Excel export.
  std::vector<MemberEntry> all(const tenancy::Tenant& tenant, const identity::Principal& who,
                               MemberFilter filter) const;
  MemberRecord member(const tenancy::Tenant& tenant, const identity::Principal& who,
                      const std::string& account_id) const;
  // Records this year's dues of a membership of the subtree as paid (idempotent); the member's
  // page afterwards.
  MemberRecord record_dues(const tenancy::Tenant& tenant, const identity::Principal& who,
                           const std::string& membership_id) const;
  MemberRecord freeze(const tenancy::Tenant& tenant, const identity::Principal& who,
                      const std::string& account_id, const std::string& reason,
                      const std::string& ip) const;
  // "会员名单-<slug>-<mainland date>.xlsx": the export's file name.
  std::string workbook_name(const tenancy::Tenant& tenant) const;

 private:
  std::vector<std::string> subtree(const tenancy::Tenant& tenant) const;
  void authorize(const tenancy::Tenant& tenant, const identity::Principal& who) const;
  std::vector<MemberEntry> matching(const tenancy::Tenant& tenant,
                                    const MemberFilter& filter) const;
  std::vector<MemberEntry> entries(soci::session& sql,
                                   std::vector<workflow::MembershipRow> rows) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  const core::Clock& clock_;
  MemberAccess access_;
  MemberStore store_;
};

}  // namespace guildhall::members
