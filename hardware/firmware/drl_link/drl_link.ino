// DrlRobot reference firmware: the microcontroller end of the serial link (hardware/PROTOCOL.md). It owns the PWM
// timing of ESCs and H-bridges, answers the host, and goes neutral by itself when commands stop (250 ms watchdog).
// Target: Arduino Mega 2560 (8 KB RAM); the outputs and names are in board_config.h.
#include <Servo.h>

#include "board_config.h"
#include "link_codec.h"
#include "link_device.h"
#include "link_outputs.h"

static link_device device;
static Servo escs[BOARD_OUTPUT_COUNT];
static uint8_t rx[64];

static void serial_send(void* context, const uint8_t* bytes, size_t length) {
    (void)context;
    Serial.write(bytes, length);
}

static void apply_outputs() {
    for (uint8_t i = 0; i < BOARD_OUTPUT_COUNT; i++) {
        const board_output& out = BOARD_OUTPUTS[i];
        int16_t q = device.outputs[i];
        if (out.kind == BOARD_ESC) {
            escs[i].writeMicroseconds(link_pulse_us(q, out.min_us, out.neutral_us, out.max_us));
        } else {
            bool forward;
            uint16_t duty = link_bridge_duty(q, 255, &forward);
            digitalWrite(out.pin_a, duty > 0 && forward ? HIGH : LOW);
            digitalWrite(out.pin_b, duty > 0 && !forward ? HIGH : LOW);
            analogWrite(out.pin, duty);
        }
    }
}

static void read_inputs() {
    float values[BOARD_INPUT_COUNT];
    for (uint8_t i = 0; i < BOARD_INPUT_COUNT; i++) {
        const board_input& in = BOARD_INPUTS[i];
        values[i] = in.analog_pin < 0 ? 0.0f : analogRead(in.analog_pin) * in.scale + in.offset;
    }
    link_device_set_observations(&device, values, BOARD_INPUT_COUNT);
}

void setup() {
    // Outputs go neutral before anything else: an ESC that sees no pulse may arm on noise.
    for (uint8_t i = 0; i < BOARD_OUTPUT_COUNT; i++) {
        const board_output& out = BOARD_OUTPUTS[i];
        if (out.kind == BOARD_ESC) {
            escs[i].attach(out.pin, out.min_us, out.max_us);
        } else {
            pinMode(out.pin_a, OUTPUT);
            pinMode(out.pin_b, OUTPUT);
            pinMode(out.pin, OUTPUT);
        }
    }
    const char* actuators[BOARD_OUTPUT_COUNT];
    const char* observations[BOARD_INPUT_COUNT];
    for (uint8_t i = 0; i < BOARD_OUTPUT_COUNT; i++) actuators[i] = BOARD_OUTPUTS[i].name;
    for (uint8_t i = 0; i < BOARD_INPUT_COUNT; i++) observations[i] = BOARD_INPUTS[i].name;
    link_device_config config;
    config.actuator_count = BOARD_OUTPUT_COUNT;
    config.observation_count = BOARD_INPUT_COUNT;
    config.names_hash = link_names_hash(actuators, BOARD_OUTPUT_COUNT, observations, BOARD_INPUT_COUNT);
    config.watchdog_ms = BOARD_WATCHDOG_MS;
    config.arm_neutral_commands = BOARD_ARM_NEUTRAL_COMMANDS;
    config.heartbeat_ms = BOARD_HEARTBEAT_MS;
    link_device_init(&device, &config, serial_send, nullptr, micros());
    apply_outputs();
    Serial.begin(BOARD_BAUD);
}

void loop() {
    size_t n = 0;
    while (n < sizeof(rx) && Serial.available() > 0) {
        rx[n++] = (uint8_t)Serial.read();
    }
    read_inputs();
    uint32_t now = micros();
    if (n > 0) {
        link_device_receive(&device, rx, n, now);
    }
    link_device_tick(&device, now);
    apply_outputs();
}
