#include "modules/members/member_store.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace guildhall::members {

std::vector<workflow::MembershipRow> MemberStore::memberships(soci::session& sql,
                                                              const MembershipQuery& query) const {
  std::vector<workflow::MembershipRow> out;
  const workflow::ApplicationStore memberships;
  for (const auto& tenant : query.tenants) {
    auto some = memberships.memberships_of_tenant(
        sql, tenant, query.member_type, query.status, query.joined_from.value_or(0),
        query.joined_to.value_or(9'000'000'000'000'000LL));
    out.insert(out.end(), some.begin(), some.end());
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.valid_from != b.valid_from ? a.valid_from > b.valid_from : a.id > b.id;
  });
  return out;
}

std::optional<std::string> MemberStore::organisation_name(soci::session& sql,
                                                          const std::string& id) const {
  std::string name;
  soci::indicator found = soci::i_null;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::use(id), soci::into(name, found);
  if (!sql.got_data() || found != soci::i_ok) {
    return std::nullopt;
  }
  return name;
}

std::string MemberStore::account_status(soci::session& sql, const std::string& account_id) const {
  std::string status;
  sql << "SELECT status FROM accounts WHERE id = :id", soci::use(account_id), soci::into(status);
  return sql.got_data() ? status : "";
}

void MemberStore::add_violation(soci::session& tx, const ViolationRow& row) const {
  tx << "INSERT INTO member_violations (id, tenant_slug, account_id, reason, recorded_by, "
        "recorded_at) VALUES (:id, :t, :a, :why, :by, :at)",
      soci::use(row.id), soci::use(row.tenant), soci::use(row.account_id), soci::use(row.reason),
      soci::use(row.recorded_by), soci::use(row.recorded_at);
}

std::vector<ViolationRow> MemberStore::violations(soci::session& sql, const std::string& account_id,
                                                  const std::vector<std::string>& tenants) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, tenant_slug, account_id, reason, recorded_by, recorded_at FROM "
                      "member_violations WHERE account_id = :a ORDER BY recorded_at, id",
       soci::use(account_id));
  std::vector<ViolationRow> out;
  for (const auto& r : rows) {
    auto tenant = r.get<std::string>("tenant_slug");
    if (std::find(tenants.begin(), tenants.end(), tenant) != tenants.end()) {
      out.push_back({r.get<std::string>("id"), std::move(tenant), r.get<std::string>("account_id"),
                     r.get<std::string>("reason"), r.get<std::string>("recorded_by"),
                     r.get<long long>("recorded_at")});
    }
  }
  return out;
}

bool MemberStore::record_dues(soci::session& tx, const std::string& membership_id, int year,
                              const std::string& recorded_by, long long now) const {
  if (dues_paid(tx, membership_id, year)) {
    return false;
  }
  tx << "INSERT INTO membership_dues (membership_id, year, recorded_by, recorded_at) VALUES "
        "(:m, :y, :by, :at)",
      soci::use(membership_id), soci::use(year), soci::use(recorded_by), soci::use(now);
  return true;
}

bool MemberStore::dues_paid(soci::session& sql, const std::string& membership_id, int year) const {
  int found = 0;
  sql << "SELECT COUNT(*) FROM membership_dues WHERE membership_id = :m AND year = :y",
      soci::use(membership_id), soci::use(year), soci::into(found);
  return found > 0;
}

void MemberStore::freeze(soci::session& tx, const std::string& account_id,
                         const std::vector<std::string>& tenants, long long now) const {
  for (const auto& tenant : tenants) {
    tx << "UPDATE memberships SET status = 'frozen', updated_at = :up WHERE account_id = :a AND "
          "tenant_slug = :t AND status = 'active'",
        soci::use(now), soci::use(account_id), soci::use(tenant);
  }
}

}  // namespace guildhall::members
