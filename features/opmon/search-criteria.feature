Feature: The operational data search window
  recordsFrom and recordsTo are Unix seconds, inclusive. recordsFrom must lie before now minus the
  records-available offset; a recordsTo at or past that point is clamped and nextRecordsFrom says
  where to continue (OPMON-002/003). Bad criteria are refused with the monitoring daemon's codes
  (OPMON-004: a malformed client id is invalid_client_identifier).

  @req:OPMON-002 @req:OPMON-003 @sut-provider @cap:opmon
  Scenario: A recordsTo in the future is clamped and the answer says where to continue
    When the peer's client asks the SUT for its operational data from "now-600" to "now+3600"
    Then the operational data is multipart/related with a recordsCount that matches its gzip'd JSON records
    And the operational data says nextRecordsFrom, which is not in the future

  @req:OPMON-002 @sut-provider @cap:opmon
  Scenario Outline: A search window <case> is refused
    When the peer's client asks the SUT for its operational data from "<from>" to "<to>"
    Then the client IS receives a SOAP fault whose code ends with "invalid_request"

    Examples:
      | case                          | from     | to       |
      | that starts in the future     | now+600  | now+700  |
      | that ends before it starts    | now-100  | now-200  |

  @req:OPMON-004 @sut-provider @cap:opmon
  Scenario: A client filter naming a SUBSYSTEM without subsystemCode is refused
    When the peer's client asks the SUT for its operational data filtered by a SUBSYSTEM client without subsystemCode
    Then the client IS receives a SOAP fault whose code ends with "invalid_client_identifier"
