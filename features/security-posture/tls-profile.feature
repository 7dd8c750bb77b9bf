Feature: The TLS the SUT's ports will speak
  Before a bank connects, its security team scans every TLS port: the SS-to-SS port must speak
  TLS 1.2 only, with X-Road's cipher suites (TRANSP-001, SYSPAR xroad-tls-ciphers), and the client
  proxy's HTTPS port must not fall back to outdated protocol versions or anonymous suites
  (MESS-009, REST-013). A refusal counts only if roadtest's client could make the offer at all,
  which is first tried against a local server that accepts anything.

  @req:TRANSP-001 @sut-provider
  Scenario Outline: The SS-to-SS port refuses a client that offers only <offer>
    When a TLS client offers the SUT's server proxy only "<offer>"
    Then the offer was a real one and the SUT refused the handshake

    Examples:
      | offer                               |
      | TLS 1.0                             |
      | TLS 1.1                             |
      | TLS 1.3                             |
      | cipher AES128-SHA                   |
      | cipher AES256-SHA256                |
      | cipher ECDHE-RSA-AES256-GCM-SHA384  |
      | cipher ECDHE-RSA-CHACHA20-POLY1305  |
      | cipher AECDH-AES128-SHA             |
      | cipher CAMELLIA128-SHA              |

  @req:TRANSP-001 @sut-provider
  Scenario: Every cipher suite the SS-to-SS port accepts is one of X-Road's
    When a TLS client offers the SUT's server proxy each TLS 1.2 cipher suite on its own
    Then every suite the SUT accepted is on the xroad-tls-ciphers list, and it accepted at least one

  @req:TRANSP-001 @sut-provider
  Scenario: A client offering everything it knows gets TLS 1.2 with an X-Road suite
    When a TLS client offers the SUT's server proxy everything it supports
    Then the handshake used TLS 1.2 and a suite of the xroad-tls-ciphers list

  @req:MESS-009 @req:REST-013 @sut-client @cap:is-tls
  Scenario Outline: The client proxy's HTTPS port refuses a client that offers only <offer>
    When a TLS client offers the SUT's client proxy HTTPS port only "<offer>"
    Then the offer was a real one and the SUT refused the handshake

    Examples:
      | offer                    |
      | TLS 1.0                  |
      | TLS 1.1                  |
      | cipher AECDH-AES128-SHA  |
