// DrlRobot serial link, protocol version 1: CRC, COBS, stream decoder and message layouts in portable C++
// (no heap, no STL), shared by the Arduino sketch and the host test. hardware/PROTOCOL.md is the specification.
#ifndef DRL_LINK_CODEC_H
#define DRL_LINK_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define LINK_VERSION 1
#define LINK_HEADER_LENGTH 4
#define LINK_CRC_LENGTH 2
#define LINK_MAX_ACTUATORS 32
#define LINK_MAX_VALUES 48
#define LINK_CAPABILITIES_LENGTH 10
#define LINK_HEARTBEAT_LENGTH 5
#define LINK_COMMAND_FIXED_LENGTH 2
#define LINK_TELEMETRY_FIXED_LENGTH 10
#define LINK_MAX_PAYLOAD (LINK_TELEMETRY_FIXED_LENGTH + 4 * LINK_MAX_VALUES)
#define LINK_MAX_BODY (LINK_HEADER_LENGTH + LINK_MAX_PAYLOAD + LINK_CRC_LENGTH)
#define LINK_MAX_ENCODED (LINK_MAX_BODY + LINK_MAX_BODY / 254 + 1)
#define LINK_MAX_WIRE (LINK_MAX_ENCODED + 1)
#define LINK_FULL_SCALE 32767
#define LINK_INVALID_VALUE (-32768)

enum link_type {
    LINK_HELLO = 0x01,
    LINK_CAPABILITIES = 0x02,
    LINK_COMMAND = 0x03,
    LINK_TELEMETRY = 0x04,
    LINK_HEARTBEAT = 0x05
};

enum link_command_flags { LINK_FLAG_ARM = 0x01, LINK_FLAG_KILL = 0x02 };

enum link_status_flags {
    LINK_STATUS_ARMED = 0x01,
    LINK_STATUS_WATCHDOG_TRIPPED = 0x02,
    LINK_STATUS_FAILSAFE = 0x04,
    LINK_STATUS_KILLED = 0x08
};

// Same order and meaning as LinkRejectReason in hardware/Link/LinkDecoder.cs.
enum link_reject {
    LINK_REJECT_COBS = 0,
    LINK_REJECT_SIZE,
    LINK_REJECT_CRC,
    LINK_REJECT_VERSION,
    LINK_REJECT_UNKNOWN_TYPE,
    LINK_REJECT_LENGTH,
    LINK_REJECT_COUNT
};

// CRC-16/CCITT-FALSE, bit by bit: no table, so it costs no RAM on an 8-bit board.
uint16_t link_crc16(const uint8_t* data, size_t length);

// COBS-encodes source into destination (room for length + length / 254 + 1 bytes); returns the bytes written.
size_t link_cobs_encode(const uint8_t* source, size_t length, uint8_t* destination);

// Decodes one COBS block (no delimiter); returns the decoded length or -1 when malformed or over capacity.
int link_cobs_decode(const uint8_t* source, size_t length, uint8_t* destination, size_t capacity);

// Writes a whole frame (COBS body plus the 0x00 delimiter) into wire (LINK_MAX_WIRE bytes); returns its length.
size_t link_write_frame(uint8_t version, uint8_t type, uint16_t sequence, const uint8_t* payload,
                        size_t payload_length, uint8_t* wire);

// Whether a payload has exactly the length its type (and count byte) require.
bool link_valid_length(uint8_t type, const uint8_t* payload, size_t length);

// One frame that passed every check; payload points into the decoder and is valid until it is fed again.
struct link_frame {
    uint8_t version;
    uint8_t type;
    uint16_t sequence;
    const uint8_t* payload;
    size_t payload_length;
};

// Stream decoder: accumulate to the next 0x00, check, resynchronise after noise. Fixed buffers, no heap.
struct link_decoder {
    uint8_t encoded[LINK_MAX_WIRE];
    uint8_t body[LINK_MAX_BODY];
    size_t encoded_length;
    bool overflowed;
    uint32_t decoded;
    uint32_t rejected;
    uint32_t rejected_by[LINK_REJECT_COUNT];
};

void link_decoder_init(link_decoder* decoder);

// Drops a partial frame.
void link_decoder_reset(link_decoder* decoder);

// Consumes bytes from *data / *length until a valid frame completes (true, frame set, input advanced past it) or the
// input runs out (false). Call it in a loop until it returns false.
bool link_decoder_next(link_decoder* decoder, const uint8_t** data, size_t* length, link_frame* frame);

// Little-endian field access.
void link_put_u16(uint8_t* at, uint16_t value);
void link_put_u32(uint8_t* at, uint32_t value);
void link_put_f32(uint8_t* at, float value);
uint16_t link_get_u16(const uint8_t* at);
uint32_t link_get_u32(const uint8_t* at);
float link_get_f32(const uint8_t* at);

// FNV-1a 32 over each actuator name + '\n', one '\n', each observation name + '\n'.
uint32_t link_names_hash(const char* const* actuators, uint8_t actuator_count, const char* const* observations,
                         uint8_t observation_count);

#endif
