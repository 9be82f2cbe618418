// Which structs are GORM tables (handed to AutoMigrate) and which of a diff's lines are their fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoMigratedModels, gormFieldChanges } from '../src/playbook/gorm-models.ts';

test('the models handed to AutoMigrate are read in every way Go code writes them, across lines', () => {
  assert.deepEqual([...autoMigratedModels(['if err := db.AutoMigrate(new(model.User), new(model.Application)).Error; err != nil {'])].sort(), ['model.Application', 'model.User']);
  assert.deepEqual([...autoMigratedModels(['\tdb.AutoMigrate(&articles.ArticleModel{})', '\tdb.AutoMigrate(TagModel{})'])].sort(), ['TagModel', 'articles.ArticleModel']);
  assert.deepEqual([...autoMigratedModels(['db.AutoMigrate(', '\t&User{},', '\t&Post{},', ')', 'x := Other{}'])].sort(), ['Post', 'User']);
  assert.deepEqual([...autoMigratedModels(['users.AutoMigrate()', 'fmt.Println(Config{})'])], []);
});

test('field lines inside a model struct count, added or removed; lines elsewhere do not', () => {
  const text = 'package model\n\ntype User struct {\n\tgorm.Model\n\tName string\n\tA, B int `json:"a"`\n}\n\ntype View struct {\n\tName string\n}\n\nfunc (u User) X() {\n\tY := 1\n}\n';
  const file = {
    path: 'model/user.go', status: 'modified' as const,
    added: [{ line: 5, text: '\tName string' }, { line: 6, text: '\tA, B int `json:"a"`' }, { line: 10, text: '\tName string' }, { line: 14, text: '\tY := 1' }],
    removed: [{ line: 7, text: '\tEmail string' }],
  };
  assert.deepEqual(gormFieldChanges(file, text, new Set(['User'])), ['model/user.go:5', 'model/user.go:6', 'model/user.go:7 (removed)']);
  assert.deepEqual(gormFieldChanges(file, text, new Set(['Other'])), []);
  // model.User is the User of package model: another package's User is not a table.
  assert.equal(gormFieldChanges(file, text, new Set(['model.User'])).length, 3);
  assert.deepEqual(gormFieldChanges(file, text.replace('package model', 'package compat'), new Set(['model.User'])), []);
});

test('a field whose name, type and gorm tag stay is the same column, whatever else its tag says', () => {
  const text = 'package model\n\ntype App struct {\n\tToken string `gorm:"uniqueIndex" json:"token,omitempty"`\n}\n';
  const file = (after: string) => ({ path: 'm.go', status: 'modified' as const, added: [{ line: 4, text: after }], removed: [{ line: 4, text: '\tToken string `gorm:"uniqueIndex" json:"token"`' }] });
  assert.deepEqual(gormFieldChanges(file('\tToken string `gorm:"uniqueIndex" json:"token,omitempty"`'), text, new Set(['App'])), []);
  assert.deepEqual(gormFieldChanges(file('\tToken []byte `gorm:"uniqueIndex" json:"token"`'), text, new Set(['App'])), ['m.go:4', 'm.go:4 (removed)']);
  assert.deepEqual(gormFieldChanges(file('\tToken string `gorm:"index" json:"token"`'), text, new Set(['App'])), ['m.go:4', 'm.go:4 (removed)']);
});
