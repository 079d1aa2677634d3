-- stg_deals: the latest version of every deal across the exports.
-- grain: one row per deal_id
-- key: deal_id
-- columns:
--   deal_id: CRM deal id
--   customer_id: the customer the deal is with; NULL when not exported
--   created_at: when the deal was created (UTC)
--   created_date: created_at as a date in the reporting time zone
--   closed_at: closed_at as exported (UTC); an open deal may still carry
--     the closed_at of an earlier loss or win (a reopened deal)
--   closed_date: date of closed_at in the reporting time zone for won and
--     lost deals; NULL for open deals, whatever closed_at says
--   status: open, won or lost (the current status)
--   stage: current pipeline stage; NULL when not exported
--   amount: deal value in the reporting currency
--   deal_type: new_business, upsell, cross_sell or renewal
--   is_open: status = open
--   is_won: status = won
--   is_lost: status = lost
-- The latest export wins, else the last line (deals have no updated_at).
with deals as (
    select
        deal_id,
        customer_id,
        created_at,
        closed_at,
        status,
        stage,
        amount,
        deal_type,
        _export_date,
        _file,
        _line
    from {{ source('deals') }}
),

ranked as (
    select
        deals.*,
        row_number() over (
            partition by deal_id
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from deals
),

final as (
    select
        deal_id,
        customer_id,
        created_at,
        {{ local_date(created_at) }} as created_date,
        closed_at,
        case
            when status in ('won', 'lost') then {{ local_date(closed_at) }}
        end as closed_date,
        status,
        stage,
        amount,
        coalesce(deal_type, 'new_business') as deal_type,
        status = 'open' as is_open,
        status = 'won' as is_won,
        status = 'lost' as is_lost
    from ranked
    where version_rank = 1
)

select * from final
