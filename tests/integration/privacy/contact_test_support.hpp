// What the contact-protection tests share: a dump of a whole database as text (to search it for
// plain mobiles and e-mail addresses) and the repository's demo tenants as a directory.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace guildhall::db {
class Database;
}
namespace guildhall::tenancy {
class TenantDirectory;
}

namespace guildhall::privacy::testing {

// Every value of every column of every table (SQLite: tables of sqlite_master and PRAGMA
// table_info; MySQL: information_schema.columns of the current database), each cast to text,
// one a line, lower-cased so that a search ignores the case of e-mail addresses.
std::string database_dump(db::Database& db);

// The values of `needles` (compared lower-cased) that occur in `dump`.
std::vector<std::string> found_in(const std::string& dump, const std::vector<std::string>& needles);

std::shared_ptr<const tenancy::TenantDirectory> demo_directory();

}  // namespace guildhall::privacy::testing
