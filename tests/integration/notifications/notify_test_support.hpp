// What the notifications integration tests share: a migrated database, accounts in the identity
// module's tables, senders that record or fail on demand, and helper processes (a real SMTP
// server, a loopback Aliyun SMS server) written in Python next to the tests.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/notifications/mail_sender.hpp"
#include "modules/notifications/sms_provider.hpp"
#include "privacy/key_ring.hpp"

namespace guildhall::notifications::testing {

// One ring of fresh keys for the whole test process, as the composition root shares one.
const std::shared_ptr<const privacy::KeyRing>& test_keys();

// Applies every migration of this build (the identity module's accounts tables included).
void migrate(db::Database& db);

std::shared_ptr<db::Database> open_sqlite(const std::filesystem::path& file);

// Inserts an account as the identity module stores it (contacts encrypted under test_keys()).
void add_account(db::Database& db, const std::string& id, const std::string& realm,
                 const std::string& mobile, const std::string& email, const std::string& status,
                 const std::vector<std::string>& tenants);

long long count_rows(db::Database& db, const std::string& sql);
std::string status_of(db::Database& db, const std::string& message_id);

// Records what it is asked to send; fails while `down` is set. Thread-safe.
class RecordingMailSender final : public MailSender {
 public:
  SendResult send(const MailMessage& message) override;

  std::atomic<bool> down{false};
  std::chrono::milliseconds delay{0};
  std::map<std::string, int> sends_per_id() const;
  std::vector<MailMessage> sent() const;

 private:
  mutable std::mutex mutex_;
  std::vector<MailMessage> sent_;
};

class RecordingSmsProvider final : public SmsProvider {
 public:
  SendResult send(const SmsMessage& message) override;

  std::vector<SmsMessage> sent() const;

 private:
  mutable std::mutex mutex_;
  std::vector<SmsMessage> sent_;
};

int free_tcp_port();
// True once something accepts connections on 127.0.0.1:port (waits at most `timeout`).
bool wait_for_port(int port, std::chrono::milliseconds timeout);

// Debian's interpreter, which has python3-aiosmtpd (a pyenv shim on PATH may not).
std::filesystem::path system_python();

// A Python helper from tests/integration/notifications/, killed at scope exit.
class PythonHelper {
 public:
  PythonHelper(const std::string& script, const std::vector<std::string>& args,
               const std::filesystem::path& log_dir, int port);
  ~PythonHelper();
  PythonHelper(const PythonHelper&) = delete;
  PythonHelper& operator=(const PythonHelper&) = delete;

  void stop();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_dir_;
  std::string name_;
};

}  // namespace guildhall::notifications::testing
