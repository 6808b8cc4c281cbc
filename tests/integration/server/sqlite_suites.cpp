// The backend-parameterised suites, on the embedded SQLite database.
#include "server_suite.hpp"

namespace guildhall::testing {

GUILDHALL_INSTANTIATE_SERVER_SUITES(Sqlite, Backend::sqlite);

}  // namespace guildhall::testing
