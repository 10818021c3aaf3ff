-- deskapp: success figures (Data Explorer query; install once, put its id in
-- the config as [forums.NAME.data_explorer] success_query = ID)
--
-- One row per question asked in [since, until): when it was asked, its first
-- reply by someone other than the asker (and that person's role), its first
-- reply by a Werkplein employee or adviser, when the accepted answer was
-- written, and whether a referral tag marks it. deskapp turns the timestamps
-- into working hours itself (weekends, Dutch public holidays and the edges of
-- the working day are not SQL's job) and trims the period to the minute.
--
-- Roles follow the desk: staff = admins, moderators and members of the
-- staff groups; adviser = members of the adviser groups; client = the
-- asker; anyone else is a peer. Only regular, undeleted posts count
-- (no whispers or status notices). Group, category and tag lists are
-- comma-separated; "-" means none, categories "*" means every category.
-- The knowledge-base category (and its subcategories) is left out.
-- Accepted answers come from discourse-solved's table
-- discourse_solved_solved_topics (solved 2025 and later).
--
-- [params]
-- date :since = 2026-01-01
-- date :until = 2026-02-01
-- string :staff_groups = -
-- string :adviser_groups = -
-- string :categories = *
-- string :kb_category = kennisbank
-- string :referral_tags = doorverwezen

WITH staff_users AS (
  SELECT gu.user_id
  FROM group_users gu
  JOIN groups g ON g.id = gu.group_id
  WHERE lower(g.name) = ANY (string_to_array(lower(:staff_groups), ','))
  UNION
  SELECT u.id FROM users u WHERE u.admin OR u.moderator
),
adviser_users AS (
  SELECT gu.user_id
  FROM group_users gu
  JOIN groups g ON g.id = gu.group_id
  WHERE lower(g.name) = ANY (string_to_array(lower(:adviser_groups), ','))
),
in_scope AS (
  SELECT c.id
  FROM categories c
  LEFT JOIN categories parent ON parent.id = c.parent_category_id
  WHERE lower(c.slug) <> lower(:kb_category)
    AND coalesce(lower(parent.slug), '') <> lower(:kb_category)
    AND (
      :categories = '*'
      OR lower(c.slug) = ANY (string_to_array(lower(:categories), ','))
      OR lower(parent.slug) = ANY (string_to_array(lower(:categories), ','))
    )
),
asked AS (
  SELECT t.id, t.created_at, t.user_id
  FROM topics t
  WHERE t.archetype = 'regular'
    AND t.deleted_at IS NULL
    AND t.category_id IN (SELECT id FROM in_scope)
    AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.topic_id = t.id)
    AND t.created_at >= :since
    AND t.created_at < :until
),
replies AS (
  SELECT
    p.topic_id,
    p.post_number,
    p.created_at,
    CASE
      WHEN p.user_id IN (SELECT user_id FROM staff_users) THEN 'staff'
      WHEN p.user_id IN (SELECT user_id FROM adviser_users) THEN 'adviser'
      WHEN p.user_id = a.user_id THEN 'client'
      ELSE 'peer'
    END AS role
  FROM posts p
  JOIN asked a ON a.id = p.topic_id
  WHERE p.post_number > 1
    AND p.post_type = 1
    AND p.deleted_at IS NULL
    AND p.created_at < :until
)
SELECT
  a.id AS topic_id,
  a.created_at,
  first_reply.created_at AS first_reply_at,
  first_reply.role AS first_reply_role,
  first_answer.created_at AS first_answer_at,
  first_answer.role AS first_answer_role,
  accepted.created_at AS accepted_at,
  EXISTS (
    SELECT 1
    FROM topic_tags tt
    JOIN tags tg ON tg.id = tt.tag_id
    WHERE tt.topic_id = a.id
      AND lower(tg.name) = ANY (string_to_array(lower(:referral_tags), ','))
  ) AS referred
FROM asked a
LEFT JOIN LATERAL (
  SELECT r.created_at, r.role
  FROM replies r
  WHERE r.topic_id = a.id AND r.role <> 'client'
  ORDER BY r.post_number
  LIMIT 1
) first_reply ON TRUE
LEFT JOIN LATERAL (
  SELECT r.created_at, r.role
  FROM replies r
  WHERE r.topic_id = a.id AND r.role IN ('staff', 'adviser')
  ORDER BY r.post_number
  LIMIT 1
) first_answer ON TRUE
LEFT JOIN discourse_solved_solved_topics solved ON solved.topic_id = a.id
LEFT JOIN posts accepted
  ON accepted.id = solved.answer_post_id AND accepted.deleted_at IS NULL
ORDER BY a.created_at, a.id
