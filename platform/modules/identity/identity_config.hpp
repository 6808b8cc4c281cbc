// The identity module's settings. Defaults follow docs/../security-baseline.md; the composition
// root fills the few an operator sets (public_url, the first admin's mobile) from guildhall.yaml.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace guildhall::identity {

struct IdentityConfig {
  // Scheme, host and port the browser uses: the Origin that CSRF checks expect, the base of reset
  // links, and whether cookies get `Secure` (https).
  std::string public_url = "http://127.0.0.1:8080";

  std::chrono::milliseconds member_idle{std::chrono::minutes(30)};
  std::chrono::milliseconds member_absolute{std::chrono::hours(12)};
  std::chrono::milliseconds admin_idle{std::chrono::minutes(15)};
  std::chrono::milliseconds admin_absolute{std::chrono::hours(8)};

  // argon2id cost (libsodium crypto_pwhash_str); OWASP's floor is t=2, m=19 MiB.
  unsigned long long hash_opslimit = 2;
  std::size_t hash_memlimit = std::size_t{19} << 20;
  // At most this many hashes at once; a request waits at most hash_wait for a slot, then 503.
  std::size_t hash_concurrency = 2;
  std::chrono::milliseconds hash_wait{3000};

  // Per-IP ceilings, stricter than the per-account ones once shared NAT is taken into account.
  int ip_sign_in_failures_per_15_min = 30;
  int ip_sms_per_hour = 20;
  int ip_resets_per_hour = 20;
  int resets_per_login_per_hour = 3;

  // The first platform admin's mobile when the configuration names none.
  std::string bootstrap_admin_mobile = "13800000000";

  bool secure_cookies() const { return public_url.rfind("https://", 0) == 0; }
};

}  // namespace guildhall::identity
