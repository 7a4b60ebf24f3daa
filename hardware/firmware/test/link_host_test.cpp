// Host test of the firmware's portable code (g++, no Arduino): the codec against the shared vectors in
// link_vectors.txt, the device rules (arming, watchdog, kill, bad frames, micros() wrap-around), and the output
// mappings. With --trace SCRIPT it replays a scenario and prints a trace that the C# tests compare with
// LinkDeviceStateMachine's. With --fuzz N SEED it feeds N random and mutated frames to the device (build it with
// -fsanitize=address,undefined to catch any out-of-bounds access). Exit code 0 when every check passed.
//
//   g++ -std=c++11 -Wall -Wextra -Werror -pedantic -I../drl_link link_host_test.cpp ../drl_link/link_codec.cpp
//       ../drl_link/link_device.cpp ../drl_link/link_outputs.cpp -o link_host_test && ./link_host_test link_vectors.txt
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "link_codec.h"
#include "link_device.h"
#include "link_outputs.h"

typedef std::vector<uint8_t> bytes;

static int checks = 0;
static int failures = 0;

static void check(bool ok, const std::string& what) {
    checks++;
    if (!ok) {
        failures++;
        std::printf("FAIL %s\n", what.c_str());
    }
}

static bytes hex(const std::string& text) {
    bytes out;
    if (text == "-") return out;
    for (size_t i = 0; i + 1 < text.size(); i += 2) out.push_back((uint8_t)std::strtoul(text.substr(i, 2).c_str(), 0, 16));
    return out;
}

static std::string to_hex(const uint8_t* data, size_t length) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < length; i++) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out.empty() ? "-" : out;
}

static std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, separator)) parts.push_back(part);
    return parts;
}

static int type_of(const std::string& name) {
    if (name == "hello") return LINK_HELLO;
    if (name == "capabilities") return LINK_CAPABILITIES;
    if (name == "command") return LINK_COMMAND;
    if (name == "telemetry") return LINK_TELEMETRY;
    if (name == "heartbeat") return LINK_HEARTBEAT;
    return -1;
}

static int reason_of(const std::string& name) {
    const char* names[] = {"cobs", "size", "crc", "version", "unknown_type", "length"};
    for (int i = 0; i < LINK_REJECT_COUNT; i++)
        if (name == names[i]) return i;
    return -1;
}

static int run_vectors(const char* path) {
    std::ifstream file(path);
    if (!file) {
        std::printf("cannot open %s\n", path);
        return 2;
    }
    std::string line;
    int lines = 0;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f = split(line, ' ');
        lines++;
        const std::string& kind = f[0];
        if (kind == "crc") {
            bytes data = hex(f[1]);
            check(link_crc16(data.data(), data.size()) == std::strtoul(f[2].c_str(), 0, 16), "crc " + f[1]);
        } else if (kind == "cobs") {
            bytes raw = hex(f[1]), encoded = hex(f[2]);
            uint8_t out[1024];
            size_t n = link_cobs_encode(raw.data(), raw.size(), out);
            check(to_hex(out, n) == f[2], "cobs encode " + f[1]);
            int m = link_cobs_decode(encoded.data(), encoded.size(), out, sizeof(out));
            check(m >= 0 && to_hex(out, (size_t)m) == f[1], "cobs decode " + f[2]);
        } else if (kind == "hash") {
            std::vector<std::string> acts = f[2] == "-" ? std::vector<std::string>() : split(f[2], ',');
            std::vector<std::string> obs = f[3] == "-" ? std::vector<std::string>() : split(f[3], ',');
            std::vector<const char*> a, o;
            for (size_t i = 0; i < acts.size(); i++) a.push_back(acts[i].c_str());
            for (size_t i = 0; i < obs.size(); i++) o.push_back(obs[i].c_str());
            uint32_t h = link_names_hash(a.data(), (uint8_t)a.size(), o.data(), (uint8_t)o.size());
            check(h == std::strtoul(f[1].c_str(), 0, 16), "hash " + f[2]);
        } else if (kind == "fixed") {
            // Float quantisation is host-side only; the firmware works in pulses (checked below).
        } else if (kind == "frame") {
            uint8_t version = (uint8_t)std::atoi(f[2].c_str());
            int type = type_of(f[3]);
            uint16_t sequence = (uint16_t)std::atoi(f[4].c_str());
            bytes payload = hex(f[5]), wire = hex(f[6]);
            uint8_t out[LINK_MAX_WIRE];
            size_t n = link_write_frame(version, (uint8_t)type, sequence, payload.data(), payload.size(), out);
            check(to_hex(out, n) == f[6], "frame encode " + f[1]);
            link_decoder decoder;
            link_decoder_init(&decoder);
            const uint8_t* data = wire.data();
            size_t length = wire.size();
            link_frame frame;
            bool ok = link_decoder_next(&decoder, &data, &length, &frame);
            check(ok && frame.version == version && frame.type == type && frame.sequence == sequence &&
                      to_hex(frame.payload, frame.payload_length) == f[5] && length == 0,
                  "frame decode " + f[1]);
        } else if (kind == "reject") {
            bytes wire = hex(f[3]);
            link_decoder decoder;
            link_decoder_init(&decoder);
            const uint8_t* data = wire.data();
            size_t length = wire.size();
            link_frame frame;
            bool ok = link_decoder_next(&decoder, &data, &length, &frame);
            int reason = reason_of(f[2]);
            check(!ok && reason >= 0 && decoder.rejected == 1 && decoder.rejected_by[reason] == 1, "reject " + f[1]);
        } else {
            check(false, "unknown vector kind " + kind);
        }
    }
    check(lines >= 40, "the vectors file has its vectors");
    return 0;
}

// ---- device rules ----

struct sink {
    bytes sent;
};

static void collect(void* context, const uint8_t* data, size_t length) {
    sink* s = (sink*)context;
    s->sent.insert(s->sent.end(), data, data + length);
}

static const char* LANDER_ACTUATORS[] = {"main", "left", "right"};
static const char* LANDER_OBSERVATIONS[] = {"x", "y", "vx", "vy", "angle", "angular_velocity", "left_contact", "right_contact"};

static link_device_config lander_config() {
    link_device_config config;
    config.actuator_count = 3;
    config.observation_count = 8;
    config.names_hash = link_names_hash(LANDER_ACTUATORS, 3, LANDER_OBSERVATIONS, 8);
    config.watchdog_ms = 250;
    config.arm_neutral_commands = 5;
    config.heartbeat_ms = 100;
    return config;
}

static bytes command(uint16_t sequence, uint8_t flags, int16_t a, int16_t b, int16_t c, uint8_t count = 3) {
    uint8_t payload[8] = {flags, count};
    int16_t values[3] = {a, b, c};
    for (int i = 0; i < 3; i++) link_put_u16(payload + 2 + 2 * i, (uint16_t)values[i]);
    uint8_t wire[LINK_MAX_WIRE];
    size_t n = link_write_frame(LINK_VERSION, LINK_COMMAND, sequence, payload, 2u + 2u * count, wire);
    return bytes(wire, wire + n);
}

static void feed(link_device* d, const bytes& b, uint32_t now) { link_device_receive(d, b.data(), b.size(), now); }

static void run_device_rules() {
    static link_device d;
    sink s;
    link_device_config config = lander_config();
    uint32_t t = 0xFFFFFF00u - 200000u;  // runs across the micros() wrap-around
    link_device_init(&d, &config, collect, &s, t);

    // hello → the vector's capabilities frame, byte for byte
    uint8_t hello[16];
    size_t n = link_write_frame(LINK_VERSION, LINK_HELLO, 0, 0, 0, hello);
    feed(&d, bytes(hello, hello + n), t);
    check(to_hex(s.sent.data(), s.sent.size()) == "0301020109010308AF3357BEFA0405C7FF00", "hello answered with capabilities_lander");

    uint16_t seq = 1;
    for (int i = 0; i < 4; i++) feed(&d, command(seq++, LINK_FLAG_ARM, 0, 0, 0), t += 20000);
    check(!d.armed, "not armed after four neutral commands");
    feed(&d, command(seq++, LINK_FLAG_ARM, 0, 0, 0), t += 20000);
    check(d.armed, "armed after five neutral commands");
    feed(&d, command(seq++, LINK_FLAG_ARM, 100, -200, 300), t += 20000);
    check(d.outputs[0] == 100 && d.outputs[1] == -200 && d.outputs[2] == 300, "armed device applies the command");

    // corrupted frames and bad commands never reach the outputs
    for (int bit = 0; bit < 8 * 14; bit++) {
        bytes frame = command(seq++, LINK_FLAG_ARM, 11111, 22222, 32000);
        frame[(bit / 8) % (frame.size() - 1)] ^= (uint8_t)(1 << (bit % 8));
        feed(&d, frame, t);
    }
    feed(&d, command(seq++, LINK_FLAG_ARM, 1, LINK_INVALID_VALUE, 3), t);
    feed(&d, command(seq++, LINK_FLAG_ARM, 1, 2, 3, 2), t);
    check(d.outputs[0] == 100 && d.outputs[1] == -200 && d.outputs[2] == 300, "no corrupted or invalid command applied");
    check(link_device_frames_rejected(&d) >= 8 * 14 + 2, "bad frames are counted");

    // the watchdog, across the wrap of micros(): 250 ms holds, 251 ms trips
    uint32_t last = t;
    link_device_tick(&d, last + 250000u);
    check(d.armed, "still armed at 250 ms");
    link_device_tick(&d, last + 251000u);
    check(!d.armed && d.watchdog_tripped && d.outputs[0] == 0 && d.outputs[2] == 0, "watchdog tripped at 251 ms");
    check(last + 251000u < last, "and the clock wrapped meanwhile");
    t = last + 300000u;
    for (int i = 0; i < 10; i++) feed(&d, command(seq++, LINK_FLAG_ARM, 1000, 1000, 1000), t += 20000);
    check(d.outputs[0] == 0 && !d.armed && (link_device_status(&d) & LINK_STATUS_WATCHDOG_TRIPPED), "trip latched");
    for (int i = 0; i < 5; i++) feed(&d, command(seq++, LINK_FLAG_ARM, 0, 0, 0), t += 20000);
    check(d.armed && !d.watchdog_tripped, "re-armed by a new arming sequence");

    // host heartbeats do not feed the watchdog
    uint8_t beat[5] = {0, 0, 0, 0, 0};
    uint8_t wire[LINK_MAX_WIRE];
    n = link_write_frame(LINK_VERSION, LINK_HEARTBEAT, seq++, beat, 5, wire);
    for (int i = 0; i < 15; i++) {
        feed(&d, bytes(wire, wire + n), t += 20000);
        link_device_tick(&d, t);
    }
    check(d.watchdog_tripped && !d.armed, "host heartbeats do not keep the device armed");

    // kill
    for (int i = 0; i < 5; i++) feed(&d, command(seq++, LINK_FLAG_ARM, 0, 0, 0), t += 20000);
    feed(&d, command(seq++, LINK_FLAG_ARM, 5, 5, 5), t += 20000);
    feed(&d, command(seq++, LINK_FLAG_ARM | LINK_FLAG_KILL, 5, 5, 5), t += 20000);
    check(!d.armed && d.outputs[0] == 0 && link_device_status(&d) == (LINK_STATUS_KILLED | LINK_STATUS_FAILSAFE), "kill");

    // heartbeats while the host is silent
    s.sent.clear();
    for (int i = 0; i <= 45; i++) link_device_tick(&d, t + 10000u * (uint32_t)i);
    link_decoder decoder;
    link_decoder_init(&decoder);
    const uint8_t* data = s.sent.data();
    size_t length = s.sent.size();
    link_frame frame;
    int beats = 0;
    while (link_decoder_next(&decoder, &data, &length, &frame)) beats += frame.type == LINK_HEARTBEAT ? 1 : 0;
    check(beats >= 4 && beats <= 5 && decoder.rejected == 0, "heartbeat every 100 ms while the host is silent");

    // output mappings
    check(link_pulse_us(0, 1000, 1500, 2000) == 1500, "pulse: 0 is neutral");
    check(link_pulse_us(32767, 1000, 1500, 2000) == 2000, "pulse: full scale is max");
    check(link_pulse_us(-32767, 1000, 1500, 2000) == 1000, "pulse: negative full scale is min");
    check(link_pulse_us(-32768, 1000, 1500, 2000) == 1000, "pulse: reserved value clamps to min");
    check(link_pulse_us(16384, 1000, 1000, 2000) == 1500, "pulse: one-way ESC half thrust");
    check(link_pulse_us(-16384, 1000, 1000, 2000) == 1000, "pulse: one-way ESC has no negative side");
    bool forward = false;
    check(link_bridge_duty(32767, 255, &forward) == 255 && forward, "bridge: full forward");
    check(link_bridge_duty(-16384, 255, &forward) == 128 && !forward, "bridge: half reverse");
    check(link_bridge_duty(0, 255, &forward) == 0, "bridge: neutral coasts");
}

// ---- trace mode: replays "rx TIME HEX", "tick TIME", "obs HEXBITS..." lines, one trace line per input line ----

static int run_trace(const char* path) {
    std::ifstream file(path);
    if (!file) {
        std::printf("cannot open %s\n", path);
        return 2;
    }
    static link_device d;
    sink s;
    link_device_config config = lander_config();
    link_device_init(&d, &config, collect, &s, 0);
    std::string line;
    while (std::getline(file, line)) {
        std::vector<std::string> f = split(line, ' ');
        if (f.empty()) continue;
        s.sent.clear();
        if (f[0] == "rx") {
            bytes b = hex(f[2]);
            link_device_receive(&d, b.data(), b.size(), (uint32_t)std::strtoul(f[1].c_str(), 0, 10));
        } else if (f[0] == "tick") {
            link_device_tick(&d, (uint32_t)std::strtoul(f[1].c_str(), 0, 10));
        } else if (f[0] == "obs") {
            float values[LINK_MAX_VALUES];
            for (size_t i = 1; i < f.size(); i++) {
                uint32_t bits = (uint32_t)std::strtoul(f[i].c_str(), 0, 16);
                std::memcpy(&values[i - 1], &bits, 4);
            }
            link_device_set_observations(&d, values, (uint8_t)(f.size() - 1));
        }
        std::printf("tx %s out %d,%d,%d status %u rejected %u accepted %u applied %u trips %u\n",
                    to_hex(s.sent.data(), s.sent.size()).c_str(), d.outputs[0], d.outputs[1], d.outputs[2],
                    link_device_status(&d), link_device_frames_rejected(&d), d.commands_accepted, d.commands_applied,
                    d.watchdog_trips);
    }
    return 0;
}

// ---- fuzz mode: random and mutated frames in random chunks through the whole device ----

static uint64_t rng_state = 88172645463325252ull;

static uint32_t next_random() {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static uint32_t below(uint32_t n) { return next_random() % n; }

static int run_fuzz(long frames, unsigned long seed) {
    rng_state ^= seed * 0x9E3779B97F4A7C15ull;
    static link_device d;
    sink s;
    link_device_config config = lander_config();
    link_device_init(&d, &config, collect, &s, 0);
    uint8_t payload[LINK_MAX_PAYLOAD];
    uint8_t wire[LINK_MAX_WIRE + 64];
    uint32_t now = 0;
    long intact = 0;
    for (long i = 0; i < frames; i++) {
        uint8_t type = (uint8_t)(1 + below(5));
        size_t length;
        if (type == LINK_COMMAND) {
            uint8_t count = below(10) == 0 ? (uint8_t)below(LINK_MAX_ACTUATORS + 1) : 3;
            payload[0] = (uint8_t)below(4);
            payload[1] = count;
            for (uint8_t k = 0; k < 2 * count; k++) payload[2 + k] = (uint8_t)next_random();
            length = 2u + 2u * count;
        } else {
            length = type == LINK_HELLO ? 0 : below(LINK_MAX_PAYLOAD + 1);
            for (size_t k = 0; k < length; k++) payload[k] = (uint8_t)next_random();
        }
        size_t n = link_write_frame(below(20) == 0 ? 2 : LINK_VERSION, type, (uint16_t)i, payload, length, wire);
        switch (below(10)) {
            case 0:
                n = 1 + below(LINK_MAX_WIRE + 60);
                for (size_t k = 0; k < n; k++) wire[k] = (uint8_t)next_random();
                break;
            case 1:
                for (uint32_t k = 1 + below(3); k > 0; k--) wire[below((uint32_t)n)] ^= (uint8_t)(1u << below(8));
                break;
            case 2:
                n = 1 + below((uint32_t)n - 1);
                break;
            case 3: {
                size_t at = below((uint32_t)n - 1);
                memmove(wire + at, wire + at + 1, n - at - 1);
                n--;
                break;
            }
            case 4: {
                size_t at = below((uint32_t)n);
                memmove(wire + at + 1, wire + at, n - at);
                wire[at] = (uint8_t)next_random();
                n++;
                break;
            }
            default:
                intact++;
                break;
        }
        size_t fed = 0;
        while (fed < n) {
            size_t chunk = 1 + below(64);
            if (chunk > n - fed) chunk = n - fed;
            now += below(3000);
            s.sent.clear();
            link_device_receive(&d, wire + fed, chunk, now);
            link_device_tick(&d, now);
            fed += chunk;
        }
    }
    check(d.decoder.decoded > 0 && d.decoder.rejected > 0, "the fuzz both decoded and rejected frames");
    std::printf("fuzz: %ld frames (%ld intact), %u decoded, %u rejected, %u commands accepted\n", frames, intact,
                d.decoder.decoded, d.decoder.rejected, d.commands_accepted);
    std::printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "--fuzz") == 0) return run_fuzz(std::atol(argv[2]), std::strtoul(argv[3], 0, 10));
    if (argc == 3 && std::strcmp(argv[1], "--trace") == 0) return run_trace(argv[2]);
    if (argc != 2) {
        std::printf("usage: link_host_test VECTORS | --trace SCRIPT | --fuzz FRAMES SEED\n");
        return 2;
    }
    int status = run_vectors(argv[1]);
    if (status != 0) return status;
    run_device_rules();
    std::printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
