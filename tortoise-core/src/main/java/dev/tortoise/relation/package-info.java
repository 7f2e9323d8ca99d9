/** Relation holders of model fields: ForeignKey, OneToOne, ManyToMany, ReverseRelation, ReverseOneToOne (the joins and prefetch behind them live in dev.tortoise.internal.relation). */
package dev.tortoise.relation;
