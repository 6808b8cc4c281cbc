// Splits a migration file into the statements the database driver executes one at a time.
//
//   split_sql_statements("CREATE TABLE a (x INT);\n-- note\nCREATE INDEX i ON a (x);\n")
//   // → {"CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"}
//
// The rules are deliberately small, because migration files are written for it: a statement ends
// with ';' at the end of a line (trailing spaces and a trailing -- comment allowed); -- comments
// are removed; quoted text ('…', "…", `…`) is kept as written, including "--" and ";" inside it.
// A ';' in the middle of a line does not end a statement, so trigger and procedure bodies, which
// need a different delimiter, are not supported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guildhall::db {

// Throws std::invalid_argument when a quote is left open (naming the line it opened on).
std::vector<std::string> split_sql_statements(std::string_view sql);

}  // namespace guildhall::db
