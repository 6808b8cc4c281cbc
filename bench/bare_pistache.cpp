// The smallest useful Pistache server: one handler answering a fixed JSON body with keep-alive,
// on the same number of I/O threads as guildhall. Its throughput is the ceiling that
// bench/http_bench.sh compares guildhall's endpoints with.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>

namespace {

class Hello final : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(Hello)

  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter response) override {
    // Pistache answers `Connection: Close` when the request has no Connection header.
    response.headers().remove<Pistache::Http::Header::Connection>();
    response.headers().add<Pistache::Http::Header::Connection>(
        Pistache::Http::ConnectionControl::KeepAlive);
    response.send(Pistache::Http::Code::Ok, R"({"status":"ok"})", MIME(Application, Json));
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 18181;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Pistache::Http::Endpoint endpoint(
      Pistache::Address(Pistache::Ipv4::loopback(), Pistache::Port(static_cast<uint16_t>(port))));
  endpoint.init(Pistache::Http::Endpoint::options().threads(threads).flags(
      Pistache::Tcp::Options::ReuseAddr));
  endpoint.setHandler(Pistache::Http::make_handler<Hello>());
  endpoint.serveThreaded();
  std::cout << "bare pistache listening on " << port << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  endpoint.shutdown();
  return 0;
}
