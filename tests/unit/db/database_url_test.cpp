#include "db/database_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace guildhall::db {
namespace {

std::string parse_error(const std::string& url) {
  try {
    DatabaseUrl::parse(url);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DatabaseUrlTest, ParsesAbsoluteSqlitePath) {
  const auto url = DatabaseUrl::parse("sqlite:///var/lib/guildhall/guildhall.db");
  EXPECT_EQ(url.backend, Backend::sqlite);
  EXPECT_EQ(url.path, "/var/lib/guildhall/guildhall.db");
  EXPECT_EQ(url.redacted(), "sqlite:///var/lib/guildhall/guildhall.db");
}

TEST(DatabaseUrlTest, ParsesRelativeSqlitePathAndDecodesIt) {
  const auto url = DatabaseUrl::parse("sqlite://data/my%20file.db");
  EXPECT_EQ(url.path, "data/my file.db");
}

TEST(DatabaseUrlTest, ParsesFullMysqlUrl) {
  const auto url = DatabaseUrl::parse("mysql://gh:s%40cr%3At@db.example.org:3307/guildhall");
  EXPECT_EQ(url.backend, Backend::mysql);
  EXPECT_EQ(url.user, "gh");
  EXPECT_EQ(url.password, "s@cr:t");
  EXPECT_EQ(url.host, "db.example.org");
  EXPECT_EQ(url.port, 3307);
  EXPECT_EQ(url.database, "guildhall");
  EXPECT_TRUE(url.unix_socket.empty());
}

TEST(DatabaseUrlTest, MysqlDefaultsPortAndAcceptsMissingPassword) {
  const auto url = DatabaseUrl::parse("mysql://gh@localhost/guildhall");
  EXPECT_EQ(url.port, 3306);
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.redacted(), "mysql://gh@localhost:3306/guildhall");
}

TEST(DatabaseUrlTest, MariadbSchemeIsMysql) {
  EXPECT_EQ(DatabaseUrl::parse("mariadb://u:p@h/d").backend, Backend::mysql);
}

TEST(DatabaseUrlTest, UnencodedAtInPasswordUsesLastAt) {
  const auto url = DatabaseUrl::parse("mysql://u:p@ss@host/db");
  EXPECT_EQ(url.password, "p@ss");
  EXPECT_EQ(url.host, "host");
}

TEST(DatabaseUrlTest, ParsesUnixSocketOption) {
  const auto url =
      DatabaseUrl::parse("mysql://u:p@localhost/db?unix_socket=/run/mysqld/mysqld.sock");
  EXPECT_EQ(url.unix_socket, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(url.host, "localhost");
}

TEST(DatabaseUrlTest, ParsesIpv6Host) {
  const auto url = DatabaseUrl::parse("mysql://u:p@[::1]:3310/db");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 3310);
  EXPECT_EQ(url.redacted(), "mysql://u:***@[::1]:3310/db");
}

TEST(DatabaseUrlTest, RedactedHidesPassword) {
  const auto url = DatabaseUrl::parse("mysql://gh:topsecret@h:3306/db");
  EXPECT_EQ(url.redacted(), "mysql://gh:***@h:3306/db");
}

TEST(DatabaseUrlTest, RejectsBadUrlsWithPlainMessages) {
  EXPECT_NE(parse_error("postgres://u@h/db").find("unsupported scheme 'postgres'"),
            std::string::npos);
  EXPECT_NE(parse_error("guildhall.db").find("missing '://'"), std::string::npos);
  EXPECT_NE(parse_error("sqlite://").find("no file path"), std::string::npos);
  EXPECT_NE(parse_error("sqlite:///").find("no file path"), std::string::npos);
  EXPECT_NE(parse_error("sqlite:///data/").find("names a folder"), std::string::npos);
  EXPECT_NE(parse_error("sqlite://:memory:").find("in-memory"), std::string::npos);
  EXPECT_NE(parse_error("sqlite:///a.db?mode=ro").find("no options"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h").find("names no database"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h/").find("names no database"), std::string::npos);
  EXPECT_NE(parse_error("mysql://h/db").find("names no user"), std::string::npos);
  EXPECT_NE(parse_error("mysql://:p@h/db").find("empty user name"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@/db").find("names no host"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h:0/db").find("port '0'"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h:70000/db").find("port '70000'"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h:33a/db").find("port '33a'"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h:/db").find("port is empty"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h/db?ssl=1").find("unknown option 'ssl'"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@h/a/b").find("contains '/'"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p@[::1/db").find("no closing ']'"), std::string::npos);
}

TEST(DatabaseUrlTest, ErrorsNeverRepeatThePassword) {
  const std::string message = parse_error("mysql://u:hunter2%zz@h/db");
  EXPECT_NE(message.find("password"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

}  // namespace
}  // namespace guildhall::db
