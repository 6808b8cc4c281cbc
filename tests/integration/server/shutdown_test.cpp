// SIGTERM under load: no response is cut mid-way, no request written on an established
// connection is dropped unanswered, and the server exits 0 within its grace period.
#include <signal.h>

#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

struct LoadCounts {
  std::atomic<int> ok{0};
  std::atomic<int> non_200{0};
  std::atomic<int> partial{0};
  std::atomic<int> lost{0};             // EOF before any byte on a connection opened earlier
  std::atomic<int> lost_after_term{0};  // the same on a connection opened after SIGTERM
  std::atomic<int> timed_out{0};
  std::atomic<int> malformed{0};
  std::atomic<int> refused{0};
  std::atomic<int> reconnects{0};

  std::string summary() const {
    std::ostringstream out;
    out << "ok=" << ok << " non_200=" << non_200 << " partial=" << partial << " lost=" << lost
        << " lost_after_term=" << lost_after_term << " timed_out=" << timed_out
        << " malformed=" << malformed << " refused=" << refused << " reconnects=" << reconnects;
    return out.str();
  }
};

// One client: keep-alive requests in a loop, reconnecting whenever the server says close.
void client_loop(std::uint16_t port, int id, const std::atomic<bool>& term_sent,
                 const std::atomic<bool>& stop, LoadCounts& counts) {
  HttpClient client("127.0.0.1", port, std::chrono::seconds(10));
  bool opened_after_term = false;
  for (int i = 0; !stop.load(); ++i) {
    if (!client.connected()) {
      const bool after_term = term_sent.load();
      if (!client.connect()) {
        ++counts.refused;
        if (after_term) {
          return;  // the server has stopped listening: that is the end of the run
        }
        continue;
      }
      ++counts.reconnects;
      opened_after_term = after_term;
    }
    const std::string target = (i + id) % 2 == 0 ? "/readyz" : "/api/v1/t/med/tenant";
    client.send_raw(HttpClient::format_request("GET", target));
    const auto r = client.read_response();
    switch (r.outcome) {
      case ReadOutcome::complete: {
        ++(r.response.status == 200 ? counts.ok : counts.non_200);
        if (r.response.header_or_empty("Connection") == "close") {
          client.close();
        }
        continue;
      }
      case ReadOutcome::eof_before_any:
        ++(opened_after_term ? counts.lost_after_term : counts.lost);
        break;
      case ReadOutcome::partial:
        ++counts.partial;
        break;
      case ReadOutcome::timed_out:
        ++counts.timed_out;
        break;
      case ReadOutcome::malformed:
        ++counts.malformed;
        break;
    }
    client.close();
  }
}

TEST_P(HttpShutdown, SigtermUnderLoadDrainsCleanly) {
  ServerSettings settings;
  settings.shutdown_grace = std::chrono::milliseconds(5000);
  auto& server = start_server(settings);

  constexpr int kClients = 8;
  LoadCounts counts;
  std::atomic<bool> term_sent{false};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int id = 0; id < kClients; ++id) {
    clients.emplace_back(client_loop, server.port(), id, std::cref(term_sent), std::cref(stop),
                         std::ref(counts));
  }
  struct Joiner {
    std::vector<std::thread>& threads;
    std::atomic<bool>& stop;
    ~Joiner() {
      stop = true;
      for (auto& t : threads) {
        t.join();
      }
    }
  } joiner{clients, stop};

  // About a second of load, and at least enough requests to make the run meaningful.
  const auto load_start = std::chrono::steady_clock::now();
  const auto enough = load_start + std::chrono::seconds(1);
  const auto give_up = load_start + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < give_up &&
         (std::chrono::steady_clock::now() < enough || counts.ok.load() < 200)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const int ok_before = counts.ok.load();

  term_sent = true;
  const auto term_at = std::chrono::steady_clock::now();
  server.send_signal(SIGTERM);
  const auto code = server.wait_exit(settings.shutdown_grace + std::chrono::seconds(5));
  const auto stopped_after = std::chrono::steady_clock::now() - term_at;
  stop = true;
  for (auto& t : clients) {
    t.join();
  }
  clients.clear();

  ASSERT_TRUE(code.has_value()) << "still running after SIGTERM\n" << server.output();
  EXPECT_EQ(*code, 0) << server.output();
  EXPECT_LT(stopped_after, settings.shutdown_grace)
      << std::chrono::duration_cast<std::chrono::milliseconds>(stopped_after).count() << " ms";
  EXPECT_EQ(counts.partial.load(), 0) << counts.summary();
  EXPECT_EQ(counts.lost.load(), 0) << counts.summary();
  EXPECT_EQ(counts.timed_out.load(), 0) << counts.summary();
  EXPECT_EQ(counts.malformed.load(), 0) << counts.summary();
  EXPECT_EQ(counts.non_200.load(), 0) << counts.summary();
  EXPECT_GE(ok_before, 200) << counts.summary();
  EXPECT_GT(counts.ok.load(), ok_before)
      << "nothing was answered after SIGTERM; " << counts.summary();
  RecordProperty("load", counts.summary());
  std::cout << "[ load     ] " << counts.summary() << " stop_ms="
            << std::chrono::duration_cast<std::chrono::milliseconds>(stopped_after).count() << '\n';
}

}  // namespace
}  // namespace guildhall::testing
