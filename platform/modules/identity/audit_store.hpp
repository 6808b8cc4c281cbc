// SQL for the audit log of security events. `detail` is a JSON object that never holds a
// password, code, token or full mobile number (the service masks before it writes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::identity {

struct AuditEvent {
  long long id = 0;
  std::int64_t at = 0;
  std::string event;  // "sign_in", "sign_in_failed", "lockout", ...
  std::string realm;
  std::string tenant;
  std::optional<std::string> actor;
  std::optional<std::string> subject;
  std::string ip;
  std::string detail = "{}";
};

struct AuditFilter {
  std::vector<std::string> tenants;  // events of these tenants only
  std::string event;                 // empty: any
  std::string account;               // actor or subject; empty: any
  std::optional<std::int64_t> from_ms;
  std::optional<std::int64_t> to_ms;
  int offset = 0;
  int limit = 50;
};

struct AuditPage {
  std::vector<AuditEvent> items;
  long long total = 0;
};

class AuditStore {
 public:
  void append(soci::session& tx, const AuditEvent& event) const;
  AuditPage query(soci::session& sql, const AuditFilter& filter) const;
};

}  // namespace guildhall::identity
