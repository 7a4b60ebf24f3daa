// Implementation of link_device.h; keep it step for step with LinkDeviceStateMachine.cs (a test compares traces).
#include "link_device.h"

#include <string.h>

static void link_device_send(link_device* device, uint8_t type, size_t payload_length, uint32_t now_us) {
    device->last_sent_us = now_us;
    size_t n = link_write_frame(LINK_VERSION, type, device->sequence++, device->payload, payload_length, device->wire);
    device->send(device->send_context, device->wire, n);
}

static void link_device_disarm(link_device* device) {
    device->armed = false;
    device->arm_streak = 0;
    memset(device->outputs, 0, sizeof(device->outputs));
}

void link_device_init(link_device* device, const link_device_config* config, link_send_fn send, void* send_context,
                      uint32_t now_us) {
    memset(device, 0, sizeof(*device));
    device->config = *config;
    device->send = send;
    device->send_context = send_context;
    device->last_valid_command_us = now_us;
    device->last_sent_us = now_us;
    link_decoder_init(&device->decoder);
}

uint8_t link_device_status(const link_device* device) {
    uint8_t status = device->armed ? LINK_STATUS_ARMED : LINK_STATUS_FAILSAFE;
    if (device->watchdog_tripped) {
        status |= LINK_STATUS_WATCHDOG_TRIPPED;
    }
    if (device->killed) {
        status |= LINK_STATUS_KILLED;
    }
    return status;
}

uint32_t link_device_frames_rejected(const link_device* device) {
    return device->decoder.rejected + device->semantic_rejects;
}

void link_device_set_observations(link_device* device, const float* values, uint8_t count) {
    if (count == device->config.observation_count) {
        memcpy(device->observations, values, sizeof(float) * count);
    }
}

static void link_device_send_capabilities(link_device* device, uint32_t now_us) {
    uint8_t* p = device->payload;
    p[0] = LINK_VERSION;
    p[1] = device->config.actuator_count;
    p[2] = device->config.observation_count;
    link_put_u32(p + 3, device->config.names_hash);
    link_put_u16(p + 7, device->config.watchdog_ms);
    p[9] = device->config.arm_neutral_commands;
    link_device_send(device, LINK_CAPABILITIES, LINK_CAPABILITIES_LENGTH, now_us);
}

static void link_device_send_telemetry(link_device* device, uint32_t now_us) {
    uint8_t* p = device->payload;
    uint8_t count = device->config.observation_count;
    link_put_u16(p, device->echo_sequence);
    link_put_u32(p + 2, now_us);
    p[6] = link_device_status(device);
    link_put_u16(p + 7, (uint16_t)link_device_frames_rejected(device));
    p[9] = count;
    for (uint8_t i = 0; i < count; i++) {
        link_put_f32(p + LINK_TELEMETRY_FIXED_LENGTH + 4 * i, device->observations[i]);
    }
    link_device_send(device, LINK_TELEMETRY, LINK_TELEMETRY_FIXED_LENGTH + 4u * count, now_us);
}

static void link_device_on_command(link_device* device, const link_frame* frame, uint32_t now_us) {
    const uint8_t* p = frame->payload;
    uint8_t count = p[1];
    bool valid = count == device->config.actuator_count;
    bool neutral = true;
    for (uint8_t i = 0; valid && i < count; i++) {
        int16_t q = (int16_t)link_get_u16(p + LINK_COMMAND_FIXED_LENGTH + 2 * i);
        valid = q != LINK_INVALID_VALUE;
        neutral = neutral && q == 0;
        device->command[i] = q;
    }
    if (!valid) {
        device->semantic_rejects++;
        device->arm_streak = 0;
        return;
    }
    device->commands_accepted++;
    device->last_valid_command_us = now_us;
    device->echo_sequence = frame->sequence;
    uint8_t flags = p[0];
    if (flags & LINK_FLAG_KILL) {
        link_device_disarm(device);
        device->killed = true;
    } else if (device->armed && (flags & LINK_FLAG_ARM)) {
        memcpy(device->outputs, device->command, sizeof(int16_t) * count);
        device->commands_applied++;
    } else if (device->armed) {
        link_device_disarm(device);
    } else if ((flags & LINK_FLAG_ARM) && neutral) {
        if (++device->arm_streak >= device->config.arm_neutral_commands) {
            device->armed = true;
            device->watchdog_tripped = false;
            device->killed = false;
            device->arm_streak = 0;
        }
    } else {
        device->arm_streak = 0;
    }
    link_device_send_telemetry(device, now_us);
}

void link_device_receive(link_device* device, const uint8_t* bytes, size_t length, uint32_t now_us) {
    link_frame frame;
    while (link_decoder_next(&device->decoder, &bytes, &length, &frame)) {
        if (frame.type == LINK_HELLO) {
            link_device_send_capabilities(device, now_us);
        } else if (frame.type == LINK_COMMAND) {
            link_device_on_command(device, &frame, now_us);
        }
        // Heartbeats from the host only prove it is alive; they must not feed the watchdog.
    }
}

void link_device_tick(link_device* device, uint32_t now_us) {
    // Unsigned differences stay right across the 71-minute wrap of micros().
    if (device->armed && (uint32_t)(now_us - device->last_valid_command_us) > (uint32_t)device->config.watchdog_ms * 1000u) {
        link_device_disarm(device);
        device->watchdog_tripped = true;
        device->watchdog_trips++;
    }
    if ((uint32_t)(now_us - device->last_sent_us) >= (uint32_t)device->config.heartbeat_ms * 1000u) {
        link_put_u32(device->payload, now_us);
        device->payload[4] = link_device_status(device);
        link_device_send(device, LINK_HEARTBEAT, LINK_HEARTBEAT_LENGTH, now_us);
    }
}
