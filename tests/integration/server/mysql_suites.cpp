// The backend-parameterised suites, on a scratch database of the MariaDB server named by
// GUILDHALL_TEST_MYSQL_URL (skipped when it is unset).
#include "server_suite.hpp"

namespace guildhall::testing {

GUILDHALL_INSTANTIATE_SERVER_SUITES(MariaDb, Backend::mysql);

}  // namespace guildhall::testing
