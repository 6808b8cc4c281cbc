// SQL for the admins' member list: memberships with the filters SQL can apply, the names of
// employers, the accounts' statuses, violations, and freezing memberships. MemberService owns
// the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/workflow/application_store.hpp"

namespace soci {
class session;
}

namespace guildhall::members {

struct MembershipQuery {
  std::vector<std::string> tenants;
  std::string member_type;               // empty: any
  std::string status;                    // empty: any
  std::optional<long long> joined_from;  // valid_from at or after, epoch ms
  std::optional<long long> joined_to;    // valid_from at or before, epoch ms
};

struct ViolationRow {
  std::string id;
  std::string tenant;
  std::string account_id;
  std::string reason;
  std::string recorded_by;
  long long recorded_at = 0;
};

class MemberStore {
 public:
  // Newest first.
  std::vector<workflow::MembershipRow> memberships(soci::session& sql,
                                                   const MembershipQuery& query) const;
  // The organisation's name in the registry, whatever its status; nullopt when unknown.
  std::optional<std::string> organisation_name(soci::session& sql, const std::string& id) const;
  // active | frozen; an account frozen from the accounts page keeps its memberships active, so
  // the list shows both. Empty when there is no such account.
  std::string account_status(soci::session& sql, const std::string& account_id) const;
  void add_violation(soci::session& tx, const ViolationRow& row) const;
  // Those recorded by these tenants, oldest first.
  std::vector<ViolationRow> violations(soci::session& sql, const std::string& account_id,
                                       const std::vector<std::string>& tenants) const;
  // Records the year's dues of the membership as paid; false when they already were.
  bool record_dues(soci::session& tx, const std::string& membership_id, int year,
                   const std::string& recorded_by, long long now) const;
  bool dues_paid(soci::session& sql, const std::string& membership_id, int year) const;
  // The account's active memberships of these tenants become frozen.
  void freeze(soci::session& tx, const std::string& account_id,
              const std::vector<std::string>& tenants, long long now) const;
};

}  // namespace guildhall::members
