// The registry suite on the embedded SQLite database.
#include "registry_world.hpp"

namespace guildhall::testing {

GUILDHALL_INSTANTIATE_REGISTRY_SUITE(Sqlite, Backend::sqlite);

}  // namespace guildhall::testing
