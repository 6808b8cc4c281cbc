// The registry suite on a scratch database of the MariaDB server named by
// GUILDHALL_TEST_MYSQL_URL (skipped when it is unset).
#include "registry_world.hpp"

namespace guildhall::testing {

GUILDHALL_INSTANTIATE_REGISTRY_SUITE(MariaDb, Backend::mysql);

}  // namespace guildhall::testing
