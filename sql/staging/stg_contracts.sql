-- stg_contracts: the latest version of every contract across the exports.
-- grain: one row per contract_id
-- key: contract_id
-- columns:
--   contract_id: CRM contract id
--   customer_id: the customer holding the contract
--   starts_on: first day covered
--   ends_on: last day covered (inclusive)
-- The latest export wins, else the last line.
with contracts as (
    select
        contract_id,
        customer_id,
        starts_on,
        ends_on,
        _export_date,
        _file,
        _line
    from {{ source('contracts') }}
),

ranked as (
    select
        contracts.*,
        row_number() over (
            partition by contract_id
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from contracts
),

final as (
    select
        contract_id,
        customer_id,
        starts_on,
        ends_on
    from ranked
    where version_rank = 1
)

select * from final
