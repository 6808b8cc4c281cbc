#include "db/database_url.hpp"

#include <charconv>
#include <stdexcept>

namespace guildhall::db {
namespace {

constexpr std::string_view kForms =
    "use sqlite:///path/file.db or mysql://user:password@host:port/database";

[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("invalid database URL: " + what);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// `part` names the URL component in error messages, because the value itself may be a secret.
std::string percent_decode(std::string_view in, std::string_view part) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    const int hi = i + 2 < in.size() ? hex_digit(in[i + 1]) : -1;
    const int lo = i + 2 < in.size() ? hex_digit(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      fail("the " + std::string(part) + " has a '%' that is not followed by two hex digits");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

DatabaseUrl parse_sqlite(std::string_view rest) {
  if (rest.find('?') != std::string_view::npos) {
    fail("sqlite URLs take no options (found '?')");
  }
  DatabaseUrl url;
  url.backend = Backend::sqlite;
  url.path = percent_decode(rest, "path");
  if (url.path.empty() || url.path == "/") {
    fail("the sqlite URL has no file path; " + std::string(kForms));
  }
  if (url.path.back() == '/') {
    fail("the sqlite path '" + url.path + "' names a folder, not a file");
  }
  if (url.path == ":memory:") {
    fail("in-memory SQLite databases are not supported: every pooled connection would see its own");
  }
  return url;
}

void parse_options(std::string_view query, DatabaseUrl& url) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (key != "unix_socket" || eq == std::string_view::npos) {
      fail("unknown option '" + std::string(key) + "' (the only option is unix_socket=/path)");
    }
    url.unix_socket = percent_decode(pair.substr(eq + 1), "unix_socket option");
    if (url.unix_socket.empty())
      fail("the unix_socket option is empty");
  }
}

void parse_host_port(std::string_view hostport, DatabaseUrl& url) {
  std::string_view port_text;
  if (!hostport.empty() && hostport.front() == '[') {
    const auto close = hostport.find(']');
    if (close == std::string_view::npos)
      fail("the IPv6 host has no closing ']'");
    url.host = std::string(hostport.substr(1, close - 1));
    const std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        fail("unexpected text after the IPv6 host");
      port_text = after.substr(1);
      if (port_text.empty())
        fail("the port is empty");
    }
  } else {
    const auto colon = hostport.rfind(':');
    url.host = std::string(hostport.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = hostport.substr(colon + 1);
      if (port_text.empty())
        fail("the port is empty");
    }
  }
  url.port = 3306;
  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      fail("the port '" + std::string(port_text) + "' is not a number from 1 to 65535");
    }
    url.port = port;
  }
}

DatabaseUrl parse_mysql(std::string_view rest) {
  DatabaseUrl url;
  url.backend = Backend::mysql;

  const auto question = rest.find('?');
  if (question != std::string_view::npos) {
    parse_options(rest.substr(question + 1), url);
    rest = rest.substr(0, question);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    fail("the mysql URL names no database; " + std::string(kForms));
  }
  url.database = percent_decode(rest.substr(slash + 1), "database name");
  if (url.database.find('/') != std::string::npos) {
    fail("the database name '" + url.database + "' contains '/'");
  }
  const std::string_view authority = rest.substr(0, slash);

  // The last '@' separates the credentials, so an unencoded '@' in a password still works.
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) {
    fail("the mysql URL names no user; " + std::string(kForms));
  }
  const std::string_view userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  url.user = percent_decode(userinfo.substr(0, colon), "user name");
  if (colon != std::string_view::npos) {
    url.password = percent_decode(userinfo.substr(colon + 1), "password");
  }
  if (url.user.empty())
    fail("the mysql URL has an empty user name");

  parse_host_port(authority.substr(at + 1), url);
  if (url.host.empty() && url.unix_socket.empty()) {
    fail("the mysql URL names no host (and no unix_socket option)");
  }
  return url;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view text) {
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    fail("missing '://' after the scheme; " + std::string(kForms));
  }
  const std::string_view scheme = text.substr(0, sep);
  const std::string_view rest = text.substr(sep + 3);
  if (scheme == "sqlite")
    return parse_sqlite(rest);
  if (scheme == "mysql" || scheme == "mariadb")
    return parse_mysql(rest);
  fail("unsupported scheme '" + std::string(scheme) + "'; " + std::string(kForms));
}

std::string DatabaseUrl::redacted() const {
  if (backend == Backend::sqlite)
    return "sqlite://" + path;
  std::string out = "mysql://" + user;
  if (!password.empty())
    out += ":***";
  out += '@';
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ':' + std::to_string(port) + '/' + database;
  if (!unix_socket.empty())
    out += "?unix_socket=" + unix_socket;
  return out;
}

}  // namespace guildhall::db
