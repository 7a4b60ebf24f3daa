// The device end of the link: arming, watchdog, kill, replies and heartbeats, without any hardware access, so the
// same code runs on the board and in the host test. Twin of hardware/Link/LinkDeviceStateMachine.cs.
#ifndef DRL_LINK_DEVICE_H
#define DRL_LINK_DEVICE_H

#include "link_codec.h"

// Sends bytes to the host (Serial.write on the board, a buffer in the host test).
typedef void (*link_send_fn)(void* context, const uint8_t* bytes, size_t length);

struct link_device_config {
    uint8_t actuator_count;        // 1..LINK_MAX_ACTUATORS
    uint8_t observation_count;     // 0..LINK_MAX_VALUES
    uint32_t names_hash;           // link_names_hash of the board's names
    uint16_t watchdog_ms;          // 250
    uint8_t arm_neutral_commands;  // 5
    uint16_t heartbeat_ms;         // 100
};

struct link_device {
    link_device_config config;
    link_decoder decoder;
    link_send_fn send;
    void* send_context;
    int16_t outputs[LINK_MAX_ACTUATORS];  // wire values the outputs hold; 0 = neutral
    int16_t command[LINK_MAX_ACTUATORS];
    float observations[LINK_MAX_VALUES];
    uint8_t payload[LINK_MAX_PAYLOAD];
    uint8_t wire[LINK_MAX_WIRE];
    bool armed;
    bool watchdog_tripped;
    bool killed;
    uint8_t arm_streak;
    uint16_t sequence;
    uint16_t echo_sequence;
    uint32_t last_valid_command_us;
    uint32_t last_sent_us;
    uint32_t semantic_rejects;
    uint32_t commands_accepted;
    uint32_t commands_applied;
    uint32_t watchdog_trips;
};

// Disarmed, every output neutral. The clock starts at now_us.
void link_device_init(link_device* device, const link_device_config* config, link_send_fn send, void* send_context,
                      uint32_t now_us);

// Decodes received bytes and acts on each frame (now_us: micros(), wrapping is fine).
void link_device_receive(link_device* device, const uint8_t* bytes, size_t length, uint32_t now_us);

// Watchdog and heartbeat; call it every loop.
void link_device_tick(link_device* device, uint32_t now_us);

// Sets what the next telemetry reports (count must be config.observation_count).
void link_device_set_observations(link_device* device, const float* values, uint8_t count);

uint8_t link_device_status(const link_device* device);

// Decoder rejections plus commands with a wrong count or a reserved value.
uint32_t link_device_frames_rejected(const link_device* device);

#endif
