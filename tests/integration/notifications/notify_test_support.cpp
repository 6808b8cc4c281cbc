#include "notify_test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

#include "db/migrator.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"
#include "support/command.hpp"

namespace guildhall::notifications::testing {

void migrate(db::Database& db) {
  db::Migrator(db).apply_pending();
}

std::shared_ptr<db::Database> open_sqlite(const std::filesystem::path& file) {
  auto db = db::Database::open(db::DatabaseUrl::parse("sqlite://" + file.string()));
  migrate(*db);
  return db;
}

const std::shared_ptr<const privacy::KeyRing>& test_keys() {
  static const auto keys = std::make_shared<const privacy::KeyRing>(privacy::KeyRing::generate());
  return keys;
}

void add_account(db::Database& db, const std::string& id, const std::string& realm,
                 const std::string& mobile, const std::string& email, const std::string& status,
                 const std::vector<std::string>& tenants) {
  const privacy::FieldCipher cipher(test_keys());
  const privacy::BlindIndex index(test_keys());
  const std::string mobile_cipher = cipher.encrypt(mobile, "accounts.mobile", id);
  const std::string mobile_index = index.of("accounts.mobile", privacy::ValueKind::mobile, mobile);
  const std::string email_cipher = email.empty() ? "" : cipher.encrypt(email, "accounts.email", id);
  const std::string email_index =
      email.empty() ? "" : index.of("accounts.email", privacy::ValueKind::email, email);
  db.transaction([&](soci::session& sql) {
    soci::indicator email_indicator = email.empty() ? soci::i_null : soci::i_ok;
    soci::indicator email_index_indicator = email_indicator;
    sql << "INSERT INTO accounts (id, realm_slug, mobile_cipher, mobile_index, email_cipher, "
           "email_index, password_hash, status, must_change_password, created_at, updated_at) "
           "VALUES (:id, :realm, :mc, :mi, :ec, :ei, 'x', :status, 0, 1, 1)",
        soci::use(id), soci::use(realm), soci::use(mobile_cipher), soci::use(mobile_index),
        soci::use(email_cipher, email_indicator), soci::use(email_index, email_index_indicator),
        soci::use(status);
    for (const auto& tenant : tenants) {
      sql << "INSERT INTO account_roles (account_id, tenant_slug, role, granted_at) VALUES (:id, "
             ":tenant, 'member', 1)",
          soci::use(id), soci::use(tenant);
    }
  });
}

long long count_rows(db::Database& db, const std::string& query) {
  long long n = 0;
  db.run([&](soci::session& sql) { sql << query, soci::into(n); });
  return n;
}

std::string status_of(db::Database& db, const std::string& message_id) {
  std::string status;
  db.run([&](soci::session& sql) {
    sql << "SELECT status FROM outbox_messages WHERE id = :id", soci::use(message_id),
        soci::into(status);
  });
  return status;
}

SendResult RecordingMailSender::send(const MailMessage& message) {
  if (delay.count() > 0) {
    std::this_thread::sleep_for(delay);
  }
  if (down) {
    return SendResult::temporary("connection refused");
  }
  std::lock_guard lock(mutex_);
  sent_.push_back(message);
  return SendResult::ok();
}

std::map<std::string, int> RecordingMailSender::sends_per_id() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int> out;
  for (const auto& m : sent_) {
    ++out[m.message_id];
  }
  return out;
}

std::vector<MailMessage> RecordingMailSender::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

SendResult RecordingSmsProvider::send(const SmsMessage& message) {
  std::lock_guard lock(mutex_);
  sent_.push_back(message);
  return SendResult::ok();
}

std::vector<SmsMessage> RecordingSmsProvider::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

int free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (up) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::filesystem::path system_python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

PythonHelper::PythonHelper(const std::string& script, const std::vector<std::string>& args,
                           const std::filesystem::path& log_dir, int port)
    : log_dir_(log_dir), name_(script) {
  std::vector<std::string> all{std::string(GUILDHALL_SOURCE_DIR) +
                               "/tests/integration/notifications/" + script};
  all.insert(all.end(), args.begin(), args.end());
  pid_ = guildhall::testing::spawn_process(system_python(), all, log_dir / (script + ".out"),
                                           log_dir / (script + ".err"));
  if (!wait_for_port(port, std::chrono::seconds(15))) {
    const std::string output = log();
    stop();
    throw std::runtime_error(script + " did not start listening: " + output);
  }
}

PythonHelper::~PythonHelper() {
  stop();
}

void PythonHelper::stop() {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, SIGTERM);
  if (!guildhall::testing::wait_for_exit(pid_, std::chrono::seconds(5))) {
    ::kill(pid_, SIGKILL);
    guildhall::testing::wait_for_exit(pid_, std::chrono::seconds(5));
  }
  pid_ = -1;
}

std::string PythonHelper::log() const {
  return guildhall::testing::read_text(log_dir_ / (name_ + ".out")) +
         guildhall::testing::read_text(log_dir_ / (name_ + ".err"));
}

}  // namespace guildhall::notifications::testing
