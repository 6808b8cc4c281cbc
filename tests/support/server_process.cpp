#include "support/server_process.hpp"

#include <signal.h>

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "support/command.hpp"

namespace guildhall::testing {

namespace {

constexpr std::string_view kReadyMarker = "guildhall: listening on http://";

// The port of the first ready line in `text`, or 0 when there is none yet.
std::uint16_t ready_port(const std::string& text) {
  const auto start = text.find(kReadyMarker);
  if (start == std::string::npos) {
    return 0;
  }
  const auto address_begin = start + kReadyMarker.size();
  const auto address_end = text.find_first_of(" \t\r\n", address_begin);
  if (address_end == std::string::npos) {
    return 0;  // the line is not complete yet
  }
  const std::string_view address(text.data() + address_begin, address_end - address_begin);
  const auto colon = address.rfind(':');
  unsigned value = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(address.data() + colon + 1, address.data() + address.size(), value).ec !=
          std::errc() ||
      value == 0 || value > 65535) {
    throw std::runtime_error("unreadable ready line: " + std::string(address));
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

ServerProcess::ServerProcess(const std::filesystem::path& program,
                             const std::vector<std::string>& args,
                             const std::filesystem::path& log_dir,
                             std::chrono::milliseconds ready_timeout)
    : out_file_(log_dir / "server.out"), err_file_(log_dir / "server.err") {
  pid_ = spawn_process(program, args, out_file_, err_file_);
  const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
  for (;;) {
    port_ = ready_port(read_text(out_file_));
    if (port_ != 0) {
      return;
    }
    if (auto code = wait_for_exit(pid_, std::chrono::milliseconds(10))) {
      exit_code_ = code;
      throw std::runtime_error("the server exited with code " + std::to_string(*code) +
                               " before it was ready:\n" + output());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      exit_code_ = wait_for_exit(pid_, std::chrono::seconds(10));
      throw std::runtime_error("the server was not ready within " +
                               std::to_string(ready_timeout.count()) + " ms:\n" + output());
    }
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(pid_, std::chrono::seconds(10));
  }
}

void ServerProcess::send_signal(int signal_number) const {
  if (!exit_code_) {
    ::kill(pid_, signal_number);
  }
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (!exit_code_) {
    exit_code_ = wait_for_exit(pid_, timeout);
  }
  return exit_code_;
}

std::string ServerProcess::output() const {
  return "--- stdout ---\n" + read_text(out_file_) + "--- stderr ---\n" + read_text(err_file_);
}

}  // namespace guildhall::testing
