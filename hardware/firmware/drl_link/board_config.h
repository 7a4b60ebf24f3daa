// The robot this board drives: its names (they make the names hash the host checks), its outputs and its link
// settings. This copy is the lander of hardware/configs/lander-serial.json (models/lander.onnx): a main and a lateral
// ESC thruster on an Arduino, the two leg-contact switches on its analog pins.
#ifndef DRL_BOARD_CONFIG_H
#define DRL_BOARD_CONFIG_H

#include <stdint.h>

#define BOARD_BAUD 115200
#define BOARD_WATCHDOG_MS 250
#define BOARD_ARM_NEUTRAL_COMMANDS 5
#define BOARD_HEARTBEAT_MS 100

enum board_output_kind {
    BOARD_ESC,      // Servo-library pulse on one pin
    BOARD_H_BRIDGE  // PWM on the enable pin, direction on two pins (L298N, TB6612)
};

struct board_output {
    const char* name;  // the contract's actuator name
    board_output_kind kind;
    uint8_t pin;       // ESC signal, or H-bridge enable (PWM) pin
    uint8_t pin_a;     // H-bridge IN1 (unused for an ESC)
    uint8_t pin_b;     // H-bridge IN2 (unused for an ESC)
    uint16_t min_us;   // ESC pulse at the low end
    uint16_t neutral_us;  // ESC pulse at neutral
    uint16_t max_us;   // ESC pulse at the high end
};

struct board_input {
    const char* name;  // the contract's observation name
    int8_t analog_pin; // -1: nothing wired, reports 0 (the host fills it from another source)
    float scale;       // value = analogRead * scale + offset
    float offset;
};

// "main" is a one-way ESC: the contract's -1..0 (engine off) all map to 1000 µs, 0..1 to 1000..2000 µs. "lateral" is
// a two-way ESC: -1 full left (1000 µs), 0 neutral (1500 µs), +1 full right (2000 µs).
static const board_output BOARD_OUTPUTS[] = {
    {"main", BOARD_ESC, 9, 0, 0, 1000, 1000, 2000},
    {"lateral", BOARD_ESC, 10, 0, 0, 1000, 1500, 2000},
};

// The lander's observation comes from the host's tracker; this board reports the two contact switches only.
static const board_input BOARD_INPUTS[] = {
    {"x", -1, 0.0f, 0.0f},
    {"y", -1, 0.0f, 0.0f},
    {"vx", -1, 0.0f, 0.0f},
    {"vy", -1, 0.0f, 0.0f},
    {"angle", -1, 0.0f, 0.0f},
    {"angular_velocity", -1, 0.0f, 0.0f},
    {"left_leg_contact", 0, 1.0f / 1023.0f, 0.0f},
    {"right_leg_contact", 1, 1.0f / 1023.0f, 0.0f},
};

#define BOARD_OUTPUT_COUNT ((uint8_t)(sizeof(BOARD_OUTPUTS) / sizeof(BOARD_OUTPUTS[0])))
#define BOARD_INPUT_COUNT ((uint8_t)(sizeof(BOARD_INPUTS) / sizeof(BOARD_INPUTS[0])))

#endif
