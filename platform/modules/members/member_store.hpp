// SQL for the admins' member list: memberships with the filters SQL can apply, the names of
// employers, violations, and freezing memberships. MemberService owns the rules.
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
  void add_violation(soci::session& tx, const ViolationRow& row) const;
  std::vector<ViolationRow> violations(soci::session& sql, const std::string& account_id) const;
  // The account's active memberships of these tenants become frozen.
  void freeze(soci::session& tx, const std::string& account_id,
              const std::vector<std::string>& tenants, long long now) const;
};

}  // namespace guildhall::members
