// The SQL files of migrations/<backend>/, compiled into the binary by cmake/GuildhallEmbed.cmake
// so that an installed server migrates its database without the source tree.
#pragma once

#include <span>
#include <string_view>

#include "db/database_url.hpp"

namespace guildhall::db {

struct EmbeddedFile {
  std::string_view name;  // "0001_init.sql"
  std::string_view content;
};

// Sorted by file name. Defined in the generated embedded_migrations.cpp.
std::span<const EmbeddedFile> embedded_migration_files(Backend backend);

}  // namespace guildhall::db
