// Implementation of link_codec.h; every function mirrors its C# counterpart in hardware/Link/.
#include "link_codec.h"

#include <string.h>

uint16_t link_crc16(const uint8_t* data, size_t length) {
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < length; i++) {
        crc ^= (uint16_t)((uint16_t)data[i] << 8);
        for (uint8_t bit = 0; bit < 8; bit++) {
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
        }
    }
    return crc;
}

size_t link_cobs_encode(const uint8_t* source, size_t length, uint8_t* destination) {
    size_t code_index = 0;
    size_t write = 1;
    uint8_t code = 1;
    for (size_t i = 0; i < length; i++) {
        if (source[i] == 0) {
            destination[code_index] = code;
            code_index = write++;
            code = 1;
            continue;
        }
        destination[write++] = source[i];
        if (++code == 0xFF) {
            destination[code_index] = code;
            code_index = write++;
            code = 1;
        }
    }
    destination[code_index] = code;
    return write;
}

int link_cobs_decode(const uint8_t* source, size_t length, uint8_t* destination, size_t capacity) {
    size_t read = 0;
    size_t write = 0;
    while (read < length) {
        uint8_t code = source[read++];
        if (code == 0 || read + code - 1 > length) {
            return -1;
        }
        for (uint8_t i = 1; i < code; i++) {
            uint8_t b = source[read++];
            if (b == 0 || write >= capacity) {
                return -1;
            }
            destination[write++] = b;
        }
        if (code != 0xFF && read < length) {
            if (write >= capacity) {
                return -1;
            }
            destination[write++] = 0;
        }
    }
    return (int)write;
}

void link_put_u16(uint8_t* at, uint16_t value) {
    at[0] = (uint8_t)value;
    at[1] = (uint8_t)(value >> 8);
}

void link_put_u32(uint8_t* at, uint32_t value) {
    for (uint8_t i = 0; i < 4; i++) {
        at[i] = (uint8_t)(value >> (8 * i));
    }
}

void link_put_f32(uint8_t* at, float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    link_put_u32(at, bits);
}

uint16_t link_get_u16(const uint8_t* at) { return (uint16_t)(at[0] | ((uint16_t)at[1] << 8)); }

uint32_t link_get_u32(const uint8_t* at) {
    return (uint32_t)at[0] | ((uint32_t)at[1] << 8) | ((uint32_t)at[2] << 16) | ((uint32_t)at[3] << 24);
}

float link_get_f32(const uint8_t* at) {
    uint32_t bits = link_get_u32(at);
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

size_t link_write_frame(uint8_t version, uint8_t type, uint16_t sequence, const uint8_t* payload,
                        size_t payload_length, uint8_t* wire) {
    uint8_t body[LINK_MAX_BODY];
    if (payload_length > LINK_MAX_PAYLOAD) {
        return 0;
    }
    body[0] = version;
    body[1] = type;
    link_put_u16(body + 2, sequence);
    if (payload_length > 0) {
        memcpy(body + LINK_HEADER_LENGTH, payload, payload_length);
    }
    size_t crc_at = LINK_HEADER_LENGTH + payload_length;
    link_put_u16(body + crc_at, link_crc16(body, crc_at));
    size_t n = link_cobs_encode(body, crc_at + LINK_CRC_LENGTH, wire);
    wire[n] = 0;
    return n + 1;
}

bool link_valid_length(uint8_t type, const uint8_t* payload, size_t length) {
    switch (type) {
        case LINK_HELLO:
            return length == 0;
        case LINK_CAPABILITIES:
            return length == LINK_CAPABILITIES_LENGTH;
        case LINK_HEARTBEAT:
            return length == LINK_HEARTBEAT_LENGTH;
        case LINK_COMMAND:
            return length >= LINK_COMMAND_FIXED_LENGTH && payload[1] <= LINK_MAX_ACTUATORS &&
                   length == (size_t)LINK_COMMAND_FIXED_LENGTH + 2u * payload[1];
        case LINK_TELEMETRY:
            return length >= LINK_TELEMETRY_FIXED_LENGTH && payload[9] <= LINK_MAX_VALUES &&
                   length == (size_t)LINK_TELEMETRY_FIXED_LENGTH + 4u * payload[9];
        default:
            return false;
    }
}

void link_decoder_init(link_decoder* decoder) { memset(decoder, 0, sizeof(*decoder)); }

void link_decoder_reset(link_decoder* decoder) {
    decoder->encoded_length = 0;
    decoder->overflowed = false;
}

static bool link_reject_frame(link_decoder* decoder, link_reject reason) {
    decoder->rejected_by[reason]++;
    decoder->rejected++;
    return false;
}

static bool link_finish(link_decoder* decoder, link_frame* frame) {
    size_t length = decoder->encoded_length;
    bool overflowed = decoder->overflowed;
    link_decoder_reset(decoder);
    if (overflowed) {
        return link_reject_frame(decoder, LINK_REJECT_SIZE);
    }
    if (length == 0) {
        return false;  // back-to-back delimiters: not a frame, not an error
    }
    int body_length = link_cobs_decode(decoder->encoded, length, decoder->body, sizeof(decoder->body));
    if (body_length < 0) {
        return link_reject_frame(decoder, LINK_REJECT_COBS);
    }
    if (body_length < LINK_HEADER_LENGTH + LINK_CRC_LENGTH) {
        return link_reject_frame(decoder, LINK_REJECT_SIZE);
    }
    const uint8_t* body = decoder->body;
    size_t crc_at = (size_t)body_length - LINK_CRC_LENGTH;
    if (link_get_u16(body + crc_at) != link_crc16(body, crc_at)) {
        return link_reject_frame(decoder, LINK_REJECT_CRC);
    }
    uint8_t version = body[0];
    uint8_t type = body[1];
    if (type < LINK_HELLO || type > LINK_HEARTBEAT) {
        return link_reject_frame(decoder, version == LINK_VERSION ? LINK_REJECT_UNKNOWN_TYPE : LINK_REJECT_VERSION);
    }
    if (version != LINK_VERSION && type != LINK_HELLO && type != LINK_CAPABILITIES) {
        return link_reject_frame(decoder, LINK_REJECT_VERSION);
    }
    const uint8_t* payload = body + LINK_HEADER_LENGTH;
    size_t payload_length = crc_at - LINK_HEADER_LENGTH;
    if (!link_valid_length(type, payload, payload_length)) {
        return link_reject_frame(decoder, LINK_REJECT_LENGTH);
    }
    decoder->decoded++;
    frame->version = version;
    frame->type = type;
    frame->sequence = link_get_u16(body + 2);
    frame->payload = payload;
    frame->payload_length = payload_length;
    return true;
}

bool link_decoder_next(link_decoder* decoder, const uint8_t** data, size_t* length, link_frame* frame) {
    while (*length > 0) {
        uint8_t b = **data;
        (*data)++;
        (*length)--;
        if (b == 0) {
            if (link_finish(decoder, frame)) {
                return true;
            }
            continue;
        }
        if (decoder->overflowed) {
            continue;
        }
        if (decoder->encoded_length >= sizeof(decoder->encoded) - 1) {
            decoder->overflowed = true;  // too long to be a frame: skip to the next delimiter
            continue;
        }
        decoder->encoded[decoder->encoded_length++] = b;
    }
    return false;
}

static uint32_t link_fnv(uint32_t hash, uint8_t b) { return (hash ^ b) * 0x01000193u; }

static uint32_t link_fnv_line(uint32_t hash, const char* name) {
    for (const char* c = name; *c != '\0'; c++) {
        hash = link_fnv(hash, (uint8_t)*c);
    }
    return link_fnv(hash, '\n');
}

uint32_t link_names_hash(const char* const* actuators, uint8_t actuator_count, const char* const* observations,
                         uint8_t observation_count) {
    uint32_t hash = 0x811C9DC5u;
    for (uint8_t i = 0; i < actuator_count; i++) {
        hash = link_fnv_line(hash, actuators[i]);
    }
    hash = link_fnv(hash, '\n');
    for (uint8_t i = 0; i < observation_count; i++) {
        hash = link_fnv_line(hash, observations[i]);
    }
    return hash;
}
