import { describe, expect, it } from 'vitest';
import { parseBrokers, protocolSettings, UnsupportedSettingError } from '../../../src/kafka/protocol/settings.js';

describe('protocol client settings from librdkafka properties', () => {
  it('parses broker lists with optional protocol prefixes and IPv6 addresses', () => {
    expect(parseBrokers('a:1, PLAINTEXT://b:2,[::1]:3,c')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
      { host: '::1', port: 3 },
      { host: 'c', port: 9092 },
    ]);
  });

  it('maps plaintext, SASL and TLS settings', () => {
    expect(protocolSettings({ 'bootstrap.servers': 'a:1', 'client.id': 'me' })).toEqual({
      brokers: [{ host: 'a', port: 1 }],
      clientId: 'me',
    });
    const sasl = protocolSettings({
      'bootstrap.servers': 'a:1',
      'security.protocol': 'SASL_SSL',
      'sasl.mechanisms': 'SCRAM-SHA-512',
      'sasl.username': 'u',
      'sasl.password': 'p',
      'ssl.ca.pem': 'PEM',
      'enable.ssl.certificate.verification': false,
    });
    expect(sasl.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' });
    expect(sasl.tls).toMatchObject({ ca: 'PEM', rejectUnauthorized: false });
  });

  it('refuses what it cannot do, naming the setting', () => {
    expect(() => protocolSettings({})).toThrow(/bootstrap.servers is required/);
    expect(() =>
      protocolSettings({
        'bootstrap.servers': 'a:1',
        'security.protocol': 'sasl_plaintext',
        'sasl.mechanism': 'GSSAPI',
      }),
    ).toThrow(UnsupportedSettingError);
    expect(() =>
      protocolSettings({
        'bootstrap.servers': 'a:1',
        'security.protocol': 'sasl_plaintext',
        'sasl.mechanism': 'PLAIN',
      }),
    ).toThrow(/needs sasl.username and sasl.password/);
    expect(() => protocolSettings({ 'bootstrap.servers': 'a:1', 'security.protocol': 'carrier_pigeon' })).toThrow(
      /security.protocol 'carrier_pigeon'/,
    );
  });
});
