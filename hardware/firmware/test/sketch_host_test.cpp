// Runs the Arduino sketch itself (drl_link.ino, included verbatim) against the host mock of the Arduino API: ESC
// pulses at power-up, the handshake over "Serial", arming, commanded pulses, the watchdog, and analog telemetry.
// Exit code 0 when every check passed.
#include <cstdio>
#include <string>

#include "Arduino.h"
#include "drl_link.ino"

static int checks = 0;
static int failures = 0;

static void check(bool ok, const std::string& what) {
    checks++;
    if (!ok) {
        failures++;
        std::printf("FAIL %s\n", what.c_str());
    }
}

static void host_send(uint8_t type, uint16_t sequence, const uint8_t* payload, size_t length) {
    uint8_t wire[LINK_MAX_WIRE];
    size_t n = link_write_frame(LINK_VERSION, type, sequence, payload, length, wire);
    Serial.incoming.insert(Serial.incoming.end(), wire, wire + n);
}

static void command(uint16_t sequence, uint8_t flags, int16_t main_q, int16_t lateral_q) {
    uint8_t payload[6] = {flags, 2};
    link_put_u16(payload + 2, (uint16_t)main_q);
    link_put_u16(payload + 4, (uint16_t)lateral_q);
    host_send(LINK_COMMAND, sequence, payload, sizeof(payload));
}

// Runs the sketch's loop for a while, 1 ms per iteration, as the board would.
static void run_for_ms(int ms) {
    for (int i = 0; i < ms; i++) {
        mock_micros += 1000;
        loop();
    }
}

static bool pulses(int main_us, int lateral_us) {
    return escs[0].pulse_us == main_us && escs[1].pulse_us == lateral_us;
}

int main() {
    mock_micros = 5000000;
    setup();
    check(Serial.baud_rate == BOARD_BAUD, "serial opened at the board's baud rate");
    check(escs[0].attached_pin == 9 && escs[1].attached_pin == 10, "ESCs attached");
    check(pulses(1000, 1500), "neutral pulses at power-up, before any frame");

    host_send(LINK_HELLO, 0, 0, 0);
    run_for_ms(2);
    link_decoder decoder;
    link_decoder_init(&decoder);
    const uint8_t* data = Serial.outgoing.data();
    size_t length = Serial.outgoing.size();
    link_frame frame;
    bool got = link_decoder_next(&decoder, &data, &length, &frame);
    // The shipped lander's contract (models/lander.onnx): main, lateral; x … right_leg_contact.
    check(got && frame.type == LINK_CAPABILITIES && frame.payload[1] == 2 && frame.payload[2] == 8 &&
              link_get_u32(frame.payload + 3) == 0x9FD198EDu,
          "hello answered with the lander's capabilities (names hash 0x9FD198ED)");

    uint16_t seq = 1;
    for (int i = 0; i < 5; i++) {
        command(seq++, LINK_FLAG_ARM, 0, 0);
        run_for_ms(20);
    }
    command(seq++, LINK_FLAG_ARM, 16384, -32767);
    run_for_ms(5);
    check(device.armed, "armed after five neutral commands");
    check(pulses(1500, 1000), "commanded pulses: half main, full left lateral");
    command(seq++, LINK_FLAG_ARM, -32767, 32767);
    run_for_ms(5);
    check(pulses(1000, 2000), "a negative main command is the engine off, full right lateral");

    mock_analog[0] = 1023;
    mock_analog[1] = 0;
    Serial.outgoing.clear();
    command(seq++, LINK_FLAG_ARM, 16384, -32767);
    run_for_ms(2);
    link_decoder_init(&decoder);
    data = Serial.outgoing.data();
    length = Serial.outgoing.size();
    got = link_decoder_next(&decoder, &data, &length, &frame);
    check(got && frame.type == LINK_TELEMETRY && link_get_u16(frame.payload) == seq - 1 && frame.payload[9] == 8 &&
              link_get_f32(frame.payload + 10 + 4 * 6) == 1.0f && link_get_f32(frame.payload + 10 + 4 * 7) == 0.0f,
          "telemetry echoes the command and reports the contact switches");

    run_for_ms(240);
    check(pulses(1500, 1000), "still driving 240 ms after the last command");
    run_for_ms(20);
    check(pulses(1000, 1500) && device.watchdog_tripped, "neutral pulses once the watchdog tripped");
    command(seq++, LINK_FLAG_ARM, 16384, -32767);
    run_for_ms(20);
    check(pulses(1000, 1500), "a command after the trip does not move anything");

    std::printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
