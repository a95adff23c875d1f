import { describe, expect, it } from 'vitest';
import { plainMessage, ScramError, ScramExchange } from '../../../src/kafka/protocol/sasl.js';

describe('SASL messages of the configs protocol client', () => {
  it('computes the SCRAM-SHA-256 exchange of RFC 7677 section 3', () => {
    const exchange = new ScramExchange('SCRAM-SHA-256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(exchange.clientFirst().toString()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(exchange.clientFinal(Buffer.from(serverFirst)).toString()).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(() =>
      exchange.verifyServerFinal(Buffer.from('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')),
    ).not.toThrow();
  });

  it('refuses a server that cannot prove it knows the password, or that changes the nonce', () => {
    const exchange = new ScramExchange('SCRAM-SHA-512', 'user', 'pencil', 'abc');
    exchange.clientFinal(Buffer.from('r=abcdef,s=c2FsdA==,i=4096'));
    expect(() => exchange.verifyServerFinal(Buffer.from('v=AAAA'))).toThrow(ScramError);
    expect(() => exchange.verifyServerFinal(Buffer.from('e=invalid-proof'))).toThrow(/invalid-proof/);
    const other = new ScramExchange('SCRAM-SHA-256', 'user', 'pencil', 'abc');
    expect(() => other.clientFinal(Buffer.from('r=xyz,s=c2FsdA==,i=4096'))).toThrow(/nonce/);
  });

  it('escapes = and , in SCRAM user names and builds the PLAIN message', () => {
    expect(new ScramExchange('SCRAM-SHA-256', 'a=b,c', 'p', 'n').clientFirst().toString()).toBe('n,,n=a=3Db=2Cc,r=n');
    expect(plainMessage('alice', 'secret')).toEqual(Buffer.from('\u0000alice\u0000secret'));
  });
});
